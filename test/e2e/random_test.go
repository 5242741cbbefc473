package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"testing"
)

// randomHex returns n random bytes as hex, for invented secrets and names.
func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
