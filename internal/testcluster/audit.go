package testcluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// stageResponseComplete is the audit stage at which a request has been
// answered; the other stages would count each request more than once.
const stageResponseComplete = "ResponseComplete"

// AuditEvent is one request as the server's audit log recorded it.
type AuditEvent struct {
	User        string
	Verb        string // get, list, watch, create, update, patch, delete, ...
	APIGroup    string // empty for the core group
	Resource    string // plural, lower-case: "secrets"
	Subresource string // "status", "log", ...; empty for the object itself
	Namespace   string
	Name        string
	RequestURI  string
	Stage       string
	Code        int // HTTP status of the response
	Received    time.Time
}

// auditLine holds the fields of an audit.k8s.io/v1 Event that tests use; the
// server's own types would pull Kubernetes server code into this module.
type auditLine struct {
	Stage      string `json:"stage"`
	RequestURI string `json:"requestURI"`
	Verb       string `json:"verb"`
	User       struct {
		Username string `json:"username"`
	} `json:"user"`
	ObjectRef *struct {
		Resource    string `json:"resource"`
		Namespace   string `json:"namespace"`
		Name        string `json:"name"`
		APIGroup    string `json:"apiGroup"`
		Subresource string `json:"subresource"`
	} `json:"objectRef"`
	ResponseStatus *struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
	RequestReceivedTimestamp time.Time `json:"requestReceivedTimestamp"`
}

// ReadAuditEvents parses the audit log at path and returns the answered
// requests (stage ResponseComplete) that the server received at or after
// since, oldest first. A last line still being written is left for next time.
func ReadAuditEvents(path string, since time.Time) ([]AuditEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening audit log: %w", err)
	}
	defer f.Close()

	var events []AuditEvent
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return events, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading audit log: %w", err)
		}

		event, ok, err := parseAuditLine(line)
		if err != nil {
			return nil, err
		}
		if ok && !event.Received.Before(since) {
			events = append(events, event)
		}
	}
}

// parseAuditLine decodes one line, and reports whether it is an answered
// request.
func parseAuditLine(line []byte) (AuditEvent, bool, error) {
	var raw auditLine
	if err := json.Unmarshal(bytes.TrimSpace(line), &raw); err != nil {
		return AuditEvent{}, false, fmt.Errorf("parsing audit event %q: %w", line, err)
	}
	if raw.Stage != stageResponseComplete {
		return AuditEvent{}, false, nil
	}

	event := AuditEvent{
		User:       raw.User.Username,
		Verb:       raw.Verb,
		RequestURI: raw.RequestURI,
		Stage:      raw.Stage,
		Received:   raw.RequestReceivedTimestamp,
	}
	if ref := raw.ObjectRef; ref != nil {
		event.APIGroup = ref.APIGroup
		event.Resource = ref.Resource
		event.Subresource = ref.Subresource
		event.Namespace = ref.Namespace
		event.Name = ref.Name
	}
	if raw.ResponseStatus != nil {
		event.Code = raw.ResponseStatus.Code
	}

	return event, true, nil
}

// WaitForAuditEvent polls the audit log until an event received at or after
// since satisfies match, and returns it. The server may write an event just
// after the client has its response, so a test should not read only once.
func WaitForAuditEvent(ctx context.Context, path string, since time.Time, match func(AuditEvent) bool) (AuditEvent, error) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()

	for {
		events, err := ReadAuditEvents(path, since)
		if err != nil {
			return AuditEvent{}, err
		}
		for _, event := range events {
			if match(event) {
				return event, nil
			}
		}

		select {
		case <-ctx.Done():
			return AuditEvent{}, fmt.Errorf("no matching audit event among %d since %s: %w",
				len(events), since.Format(time.RFC3339Nano), ctx.Err())
		case <-tick.C:
		}
	}
}
