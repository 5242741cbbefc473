package report

import (
	"encoding/json"
	"fmt"
	"io"

	"sigs.k8s.io/yaml"
)

// WriteJSON writes the document as indented JSON.
func WriteJSON(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding the report as JSON: %w", err)
	}
	return nil
}

// WriteYAML writes the document as YAML with the same field names as JSON.
func WriteYAML(w io.Writer, doc Document) error {
	out, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("encoding the report as YAML: %w", err)
	}
	_, err = w.Write(out)
	return err
}
