package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// MarkdownOptions is what the Markdown writer needs beyond the document.
type MarkdownOptions struct {
	// Hubs are the hubs the document judged; their values name the hosts
	// in the diagram, and offline ones give findings a file and line.
	Hubs []*inspect.Hub
}

// WriteMarkdown writes the document as a note to paste into an incident:
// for each hub, a Mermaid diagram of how users, the hub, binder, their
// secrets and the registry are wired, with broken links marked, then the
// failing findings and what could not be evaluated.
func WriteMarkdown(w io.Writer, doc Document, opts MarkdownOptions) error {
	p := &tablePrinter{w: w}
	hubs := NewHubs(opts.Hubs)

	s := doc.Summary
	p.printf("# binderhub-ui doctor report\n\n")
	p.printf("%d hub(s): %d error(s), %d warning(s), %d info, %d not evaluated, %d check(s) passed",
		s.Hubs, s.Errors, s.Warnings, s.Info, s.NotEvaluated, s.Passed)
	if s.Unreadable > 0 {
		p.printf(", %d release(s) unreadable", s.Unreadable)
	}
	p.printf(".\n")

	for _, r := range doc.Hubs {
		if p.err != nil {
			return p.err
		}
		writeMarkdownHub(p, hubs, r)
	}

	if len(doc.Errors) > 0 {
		p.printf("\n## Unreadable releases\n\n")
		for _, e := range doc.Errors {
			p.printf("- `%s/%s`: %s\n", e.Namespace, e.Hub, mdInline(e.Error))
		}
	}
	return p.err
}

func writeMarkdownHub(p *tablePrinter, hubs Hubs, r drift.Report) {
	title := r.Hub
	if r.Namespace != "" {
		title = r.Namespace + "/" + r.Hub
	}
	p.printf("\n## Hub %s\n\n", mdInline(title))
	if r.Release != nil {
		p.printf("Release %s, revision %d, %s, chart %s.\n\n", mdInline(r.Release.Name), r.Release.Revision,
			mdInline(r.Release.Status), mdInline(r.Release.Chart))
	} else {
		p.printf("Source: %s.\n\n", mdInline(r.Source))
	}

	if p.err == nil {
		p.err = newWiring(hubs.For(r)).writeMermaid(p.w, r.Findings)
	}

	var failing, notEvaluated []drift.Finding
	for _, f := range r.Findings {
		if f.Status == drift.StatusFail {
			failing = append(failing, f)
		} else {
			notEvaluated = append(notEvaluated, f)
		}
	}

	p.printf("\n### Findings\n\n")
	if len(failing) == 0 {
		p.printf("No check failed; %d passed.\n", len(r.Passed))
	} else {
		p.printf("| severity | ID | object | path | found | expected | fix |\n")
		p.printf("| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, f := range failing {
			p.printf("| %s | %s | %s | %s | %s | %s | %s |\n", f.Severity, mdInline(f.CheckID+" "+f.Check),
				mdInline(f.Object), pathCell(hubs, r, f), mdInline(orDash(f.Found)), mdInline(orDash(f.Expected)),
				fixCell(f))
		}
	}

	if len(notEvaluated) > 0 {
		p.printf("\n### Not evaluated\n\n")
		p.printf("| ID | object | path | reason |\n")
		p.printf("| --- | --- | --- | --- |\n")
		for _, f := range notEvaluated {
			p.printf("| %s | %s | %s | %s |\n", mdInline(f.CheckID+" "+f.Check), mdInline(f.Object),
				pathCell(hubs, r, f), mdInline(orDash(f.Reason)))
		}
	}
}

// pathCell shows a finding's path as code, with the file and line that set
// it for an offline hub.
func pathCell(hubs Hubs, r drift.Report, f drift.Finding) string {
	if f.Path == "" {
		return "-"
	}
	cell := mdCode(f.Path)
	if pos, ok := hubs.Position(r, f); ok {
		where := fmt.Sprintf("%s:%d", filepath.Base(pos.File), pos.Line)
		if !pos.Exact {
			where = "under " + mdCode(pos.Path) + " at " + where
		}
		cell += " (" + where + ")"
	}
	return cell
}

func fixCell(f drift.Finding) string {
	fix := mdInline(orDash(f.Fix))
	if f.Fixable {
		fix += " (fixable: `kubectl binderhubui fix`)"
	}
	return fix
}

// mdInline escapes text for Markdown prose and table cells: emphasis and
// code marks, angle brackets (a placeholder such as <hub host> would vanish
// as an HTML tag) and pipes; line breaks become spaces.
func mdInline(s string) string {
	replacer := strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "|", `\|`)
	return replacer.Replace(strings.Join(strings.Fields(s), " "))
}

// mdCode wraps text in a code span long enough not to be closed by
// backticks inside it.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	// Inside a code span only a pipe needs escaping, and only because the
	// table is split on pipes before the span is read.
	s = strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
