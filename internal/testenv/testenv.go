// Package testenv locates what tests read from outside their own package:
// the repository root (fixtures/) and the real published reports that live
// in ../shared/real beside a clone.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot is the folder holding go.mod, found by walking up from the
// test's working directory, so tests find fixtures/ wherever the clone is.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// RealDir is ../shared/real beside the repository. It skips the test when
// the folder is absent: a user's clone does not have the real reports.
func RealDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "..", "shared", "real")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real reports not available (%v); they live in ../shared/real beside the repository", err)
	}
	return dir
}
