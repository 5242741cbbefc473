package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// TableOptions controls the human-readable table.
type TableOptions struct {
	// Color adds ANSI colours to severities; set only for a terminal and when
	// NO_COLOR is unset.
	Color bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
	ansiBold   = "\x1b[1m"
)

// WriteTable writes one block per hub: a heading, the findings grouped by
// severity (failures first, then what could not be evaluated), and how to fix
// each one.
func WriteTable(w io.Writer, doc Document, opts TableOptions) error {
	p := &tablePrinter{w: w, opts: opts}

	for i, hub := range doc.Hubs {
		if i > 0 {
			p.printf("\n")
		}
		p.hub(hub)
	}
	for _, e := range doc.Errors {
		p.printf("\n%s %s/%s: %s\n", p.paint(ansiRed+ansiBold, "UNREADABLE"), e.Namespace, e.Hub, e.Error)
	}

	s := doc.Summary
	p.printf("\n%d hub(s): %d error(s), %d warning(s), %d info, %d not evaluated, %d check(s) passed",
		s.Hubs, s.Errors, s.Warnings, s.Info, s.NotEvaluated, s.Passed)
	if s.Unreadable > 0 {
		p.printf(", %d release(s) unreadable", s.Unreadable)
	}
	p.printf("\n")

	return p.err
}

type tablePrinter struct {
	w    io.Writer
	opts TableOptions
	err  error
}

func (p *tablePrinter) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}

func (p *tablePrinter) paint(code, text string) string {
	if !p.opts.Color {
		return text
	}
	return code + text + ansiReset
}

func (p *tablePrinter) hub(hub drift.Report) {
	heading := fmt.Sprintf("HUB %s/%s", hub.Namespace, hub.Hub)
	if hub.Namespace == "" {
		heading = "HUB " + hub.Hub
	}
	detail := "source: " + hub.Source
	if hub.Release != nil {
		detail = fmt.Sprintf("release %s, revision %d, %s, chart %s",
			hub.Release.Name, hub.Release.Revision, hub.Release.Status, hub.Release.Chart)
	}
	p.printf("%s  (%s)\n", p.paint(ansiBold, heading), detail)

	if len(hub.Findings) == 0 {
		p.printf("  no findings: %d check(s) passed\n", len(hub.Passed))
		return
	}

	for _, group := range groupFindings(hub.Findings) {
		p.printf("\n%s\n", p.paint(group.color, group.title))
		tw := tabwriter.NewWriter(p.w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  ID\tCHECK\tOBJECT\tPATH\tFOUND\tEXPECTED")
		for _, f := range group.findings {
			found, expected := f.Found, f.Expected
			if f.Status == drift.StatusNotEvaluated {
				found, expected = "not evaluated: "+f.Reason, "-"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n",
				f.CheckID, f.Check, f.Object, orDash(f.Path), orDash(found), orDash(expected))
		}
		if err := tw.Flush(); err != nil && p.err == nil {
			p.err = err
		}
	}

	p.fixes(hub.Findings)
}

// fixes lists how to repair each failing finding, once per check and path.
func (p *tablePrinter) fixes(findings []drift.Finding) {
	var lines []string
	seen := map[string]bool{}
	for _, f := range findings {
		if f.Status != drift.StatusFail || f.Fix == "" {
			continue
		}
		key := f.CheckID + "\x00" + f.Fix
		if seen[key] {
			continue
		}
		seen[key] = true
		line := fmt.Sprintf("  %s  %s", f.CheckID, f.Fix)
		if f.Fixable {
			line += p.paint(ansiDim, "  [fixable: kubectl binderhubui fix]")
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return
	}
	p.printf("\nHow to fix:\n%s\n", strings.Join(lines, "\n"))
}

type findingGroup struct {
	title    string
	color    string
	findings []drift.Finding
}

// groupFindings splits findings into ERROR, WARNING, INFO and NOT EVALUATED,
// keeping the order Evaluate sorted them in.
func groupFindings(findings []drift.Finding) []findingGroup {
	groups := []findingGroup{
		{title: "ERROR", color: ansiRed + ansiBold},
		{title: "WARNING", color: ansiYellow + ansiBold},
		{title: "INFO", color: ansiCyan},
		{title: "NOT EVALUATED", color: ansiDim},
	}
	for _, f := range findings {
		i := 3
		if f.Status == drift.StatusFail {
			switch f.Severity {
			case drift.SeverityError:
				i = 0
			case drift.SeverityWarning:
				i = 1
			default:
				i = 2
			}
		}
		groups[i].findings = append(groups[i].findings, f)
	}

	var nonEmpty []findingGroup
	for _, g := range groups {
		if len(g.findings) > 0 {
			nonEmpty = append(nonEmpty, g)
		}
	}
	return nonEmpty
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
