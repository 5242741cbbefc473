package testcluster

import "syscall"

// stopWithParent has the kernel send SIGTERM to the server when the test
// binary dies without calling Stop (a panic, a timeout, ^C), so that no server
// outlives its tests.
func stopWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
