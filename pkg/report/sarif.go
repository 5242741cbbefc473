package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// SARIFToolName is the driver name in SARIF output.
const SARIFToolName = "kubectl-binderhubui"

// SARIFOptions is what the SARIF writer needs beyond the document.
type SARIFOptions struct {
	// Checks become the run's rules; pass drift.Catalogue(). A finding of a
	// check missing here gets a rule made from the finding's title.
	Checks []drift.Check
	// Hubs are the hubs the document judged. Offline hubs carry their
	// values files, which gives results a file, line and column.
	Hubs []*inspect.Hub
	// BaseDir is the directory result URIs are relative to; "" means the
	// working directory, which is what CI upload actions expect.
	BaseDir string
	// ToolVersion is this plugin's version, if known.
	ToolVersion string
}

// WriteSARIF writes the document as one SARIF 2.1.0 run.
//
// Every check is a rule, its default level taken from its severity (error →
// error, warning → warning, info → note). Each failing finding is a result.
// A not-evaluated finding is a result of kind "open" with level "none":
// SARIF's word for a rule that ran without enough information to pass or
// fail, which viewers do not raise as an alert, while the reason stays on
// record. Passed checks produce no result.
//
// Offline results point at the values file and line that set the path (or
// its nearest parent); live ones name the namespace, hub, object and path as
// a logical location. Hubs that could not be read are tool execution
// notifications, and make the invocation unsuccessful.
func WriteSARIF(w io.Writer, doc Document, opts SARIFOptions) error {
	s, err := newSARIFWriter(opts)
	if err != nil {
		return err
	}

	report, err := sarif.New(sarif.Version210)
	if err != nil {
		return fmt.Errorf("building the SARIF report: %w", err)
	}
	run := sarif.NewRun(*sarif.NewTool(s.driver()))
	run.ColumnKind = "unicodeCodePoints"
	s.run = run
	for _, check := range opts.Checks {
		s.addRule(check)
	}

	for _, hub := range doc.Hubs {
		for _, f := range hub.Findings {
			s.addResult(hub, f)
		}
	}
	s.addInvocation(doc.Errors)
	report.AddRun(run)

	if err := report.PrettyWrite(w); err != nil {
		return fmt.Errorf("writing the SARIF report: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

type sarifWriter struct {
	opts    SARIFOptions
	hubs    Hubs
	baseDir string
	run     *sarif.Run
	rules   map[string]int
}

func newSARIFWriter(opts SARIFOptions) (*sarifWriter, error) {
	base := opts.BaseDir
	if base == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("finding the working directory for SARIF paths: %w", err)
		}
		base = wd
	}
	base, err := filepath.Abs(base)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", base, err)
	}
	return &sarifWriter{opts: opts, hubs: NewHubs(opts.Hubs), baseDir: base, rules: map[string]int{}}, nil
}

func (s *sarifWriter) driver() *sarif.ToolComponent {
	driver := sarif.NewDriver(SARIFToolName)
	if s.opts.ToolVersion != "" {
		driver.WithVersion(s.opts.ToolVersion)
	}
	return driver
}

// sarifLevel maps a severity onto SARIF's levels.
func sarifLevel(sev drift.Severity) string {
	switch sev {
	case drift.SeverityError:
		return "error"
	case drift.SeverityWarning:
		return "warning"
	}
	return "note"
}

func (s *sarifWriter) addRule(check drift.Check) {
	if _, ok := s.rules[check.ID]; ok {
		return
	}
	doc := strings.TrimSpace(check.Doc)
	rule := s.run.AddRule(check.ID).
		WithName(check.Name).
		WithShortDescription(sarif.NewMultiformatMessageString(check.Title)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(check.Severity))).
		WithProperties(sarif.Properties{"family": check.Family, "fixable": check.Fixable, "tags": []string{check.Family}})
	if doc != "" {
		rule.WithFullDescription(sarif.NewMultiformatMessageString(firstParagraph(doc)))
		rule.WithHelp(sarif.NewMultiformatMessageString(doc).WithMarkdown(doc))
	}
	s.rules[check.ID] = len(s.run.Tool.Driver.Rules) - 1
}

// ruleIndex returns the index of a finding's rule, adding a rule from the
// finding itself for a check the options did not list.
func (s *sarifWriter) ruleIndex(f drift.Finding) int {
	if _, ok := s.rules[f.CheckID]; !ok {
		s.addRule(drift.Check{ID: f.CheckID, Name: f.Check, Title: f.Title, Severity: f.Severity})
	}
	return s.rules[f.CheckID]
}

func (s *sarifWriter) addResult(hub drift.Report, f drift.Finding) {
	result := s.run.CreateResultForRule(f.CheckID).
		WithRuleIndex(s.ruleIndex(f)).
		WithMessage(sarif.NewTextMessage(resultMessage(f)))
	if f.Status == drift.StatusNotEvaluated {
		result.WithKind("open").WithLevel("none")
	} else {
		result.WithKind("fail").WithLevel(sarifLevel(f.Severity))
	}
	result.WithPartialFingerPrints(map[string]any{"binderhubuiFinding/v1": fingerprint(hub, f)})

	result.AddLocation(s.location(hub, f))
}

// location is where a result points. Offline, every result points into the
// hub's values files, because CI viewers place results only in files: at the
// line that sets the path (or its nearest parent), else at the top of the
// hub's last file, which is where the key would go. A finding about a live
// object also names it as a logical location; live, that is all there is.
func (s *sarifWriter) location(hub drift.Report, f drift.Finding) *sarif.Location {
	loc := sarif.NewLocation()
	if f.Object != drift.ObjectValues || s.lastValuesFile(hub) == "" {
		loc.WithLogicalLocations([]*sarif.LogicalLocation{logicalLocation(hub, f)})
	}

	file, region := s.lastValuesFile(hub), sarif.NewRegion().WithStartLine(1)
	if pos, ok := s.hubs.Position(hub, f); ok {
		file, region = pos.File, sarif.NewRegion().WithStartLine(pos.Line).WithStartColumn(pos.Column)
	}
	if file != "" {
		loc.WithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(s.uri(file))).
			WithRegion(region))
	}
	return loc
}

// lastValuesFile is the last values file of an offline hub, or "".
func (s *sarifWriter) lastValuesFile(hub drift.Report) string {
	h := s.hubs.For(hub)
	if h == nil || len(h.ValuesFiles) == 0 {
		return ""
	}
	return h.ValuesFiles[len(h.ValuesFiles)-1].Path
}

// logicalLocation names where a live finding lives: hub, namespace, object
// and path, joined with "/" in the fully qualified name.
func logicalLocation(hub drift.Report, f drift.Finding) *sarif.LogicalLocation {
	var parts []string
	for _, p := range []string{hub.Namespace, hub.Hub, f.Object, f.Path} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	name := f.Object
	if f.Path != "" {
		name = f.Path
	}
	return sarif.NewLogicalLocation().
		WithName(name).
		WithFullyQualifiedName(strings.Join(parts, "/")).
		WithKind("resource")
}

// uri makes a values file's path relative to the base directory, as a URI
// reference; one on another volume stays absolute, as a file URI.
func (s *sarifWriter) uri(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return (&url.URL{Path: filepath.ToSlash(path)}).String()
	}
	rel, err := filepath.Rel(s.baseDir, abs)
	if err != nil {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	return (&url.URL{Path: filepath.ToSlash(rel)}).String()
}

// resultMessage says what is wrong and how to fix it in one paragraph.
func resultMessage(f drift.Finding) string {
	var b strings.Builder
	b.WriteString(f.Title)
	if f.Status == drift.StatusNotEvaluated {
		fmt.Fprintf(&b, ": not evaluated: %s.", orDash(f.Reason))
		return b.String()
	}
	where := f.Object
	if f.Path != "" {
		where += " " + f.Path
	}
	fmt.Fprintf(&b, ": %s is %s", where, orDash(f.Found))
	if f.Expected != "" {
		fmt.Fprintf(&b, ", expected %s", f.Expected)
	}
	b.WriteString(".")
	if f.Fix != "" {
		fmt.Fprintf(&b, " Fix: %s.", strings.TrimSuffix(f.Fix, "."))
	}
	return b.String()
}

// fingerprint identifies a finding across runs by what it is about, not
// where it was found, so that a moved line is not a new alert.
func fingerprint(hub drift.Report, f drift.Finding) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{f.CheckID, hub.Namespace, hub.Hub, f.Object, f.Path}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

func firstParagraph(doc string) string {
	para, _, _ := strings.Cut(doc, "\n\n")
	return strings.Join(strings.Fields(para), " ")
}

// addInvocation records whether every hub could be read.
func (s *sarifWriter) addInvocation(errs []HubError) {
	inv := s.run.AddInvocation(len(errs) == 0)
	for _, e := range errs {
		inv.AddTToolExecutionNotification(sarif.NewNotification().
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("hub %s/%s could not be read: %s", e.Namespace, e.Hub, e.Error))))
	}
}
