package cli

import (
	"errors"
	"fmt"
)

// Exit codes, decided here and nowhere else.
const (
	// ExitOK: the command ran and found nothing at or above --fail-on.
	ExitOK = 0
	// ExitFindings: the command ran and found something at or above --fail-on.
	ExitFindings = 1
	// ExitToolError: the tool itself failed (bad flags, cluster unreachable,
	// no hub found, unreadable input).
	ExitToolError = 2
)

// findingsError reports that the command finished but its findings should fail
// the run; its message has already been shown as the report itself.
type findingsError struct{ count int }

func (e *findingsError) Error() string { return "findings at or above the --fail-on severity" }

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}

	var findings *findingsError
	if errors.As(err, &findings) {
		return ExitFindings
	}

	return ExitToolError
}

// usageError is a bad flag or argument; it exits with ExitToolError.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}
