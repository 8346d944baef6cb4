package crawl

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// rawStore keeps the original bytes of every report downloaded, named by
// their SHA-256 (dir/ab/abcdef….pdf): the same content is stored once
// whatever URL served it, and a file's name proves its content.
type rawStore struct {
	dir string
}

// tempPattern names files being written; a run that dies leaves them
// behind, and the next run removes them.
const tempPattern = ".part-*"

// path is where the content with this digest and extension lives.
func (s rawStore) path(sha, ext string) string {
	return filepath.Join(s.dir, sha[:2], sha+"."+ext)
}

// put stores data under its digest, unless it is there already. It writes
// a temporary file in the same folder and renames it, so the name never
// points at half a file, even after a crash.
func (s rawStore) put(sha, ext string, data []byte) (string, error) {
	dst := s.path(sha, ext)
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", fmt.Errorf("raw store: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), tempPattern)
	if err != nil {
		return "", fmt.Errorf("raw store: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("raw store: writing %s: %w", dst, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("raw store: writing %s: %w", dst, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("raw store: writing %s: %w", dst, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("raw store: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", fmt.Errorf("raw store: %w", err)
	}
	return dst, nil
}

// staleAfter is the age of a temporary file surely left by a run that
// died: a crawl of another database sharing the store may be writing the
// younger ones.
const staleAfter = time.Hour

// clean removes the temporary files interrupted runs left. It lists the
// folders rather than globbing a pattern, which a store path with [ or *
// in it would change.
func (s rawStore) clean(now time.Time) error {
	dirs, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a new store
	}
	if err != nil {
		return fmt.Errorf("raw store: looking for interrupted writes: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		sub := filepath.Join(s.dir, d.Name())
		files, err := os.ReadDir(sub)
		if err != nil {
			return fmt.Errorf("raw store: looking for interrupted writes: %w", err)
		}
		for _, file := range files {
			if ok, _ := filepath.Match(tempPattern, file.Name()); !ok {
				continue
			}
			name := filepath.Join(sub, file.Name())
			st, err := os.Stat(name)
			if err != nil || now.Sub(st.ModTime()) < staleAfter {
				continue
			}
			if err := os.Remove(name); err != nil {
				return fmt.Errorf("raw store: removing an interrupted write: %w", err)
			}
		}
	}
	return nil
}
