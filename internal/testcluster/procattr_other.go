//go:build !linux

package testcluster

import "syscall"

// stopWithParent has no portable equivalent of Linux's parent-death signal
// here: a test binary that dies without calling Stop leaves its server running.
func stopWithParent() *syscall.SysProcAttr {
	return nil
}
