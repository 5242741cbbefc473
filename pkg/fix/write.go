package fix

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aymanbagabas/go-udiff"
)

// Diff renders the change of one file as a unified diff with three lines of
// context, labelled a/PATH and b/PATH as git does; "" when nothing changed.
func Diff(path string, before, after []byte) string {
	if string(before) == string(after) {
		return ""
	}
	label := filepath.ToSlash(path)
	return udiff.Unified("a/"+label, "b/"+label, string(before), string(after))
}

// WriteFile replaces the file at path with data atomically: it writes a
// temporary file in the same directory, gives it the original's mode, and
// renames it over the original, so that a reader never sees half a file
// and a failed write leaves the original as it was. A symlink is followed,
// so the link keeps pointing at the edited file.
func WriteFile(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("resolving %s: %w", path, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("reading the mode of %s: %w", path, err)
	}

	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	done = true
	return nil
}
