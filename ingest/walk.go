package ingest

import (
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/cnbudget/cnbudget/extract"
)

// entry is one file to ingest, or a path that could not be listed.
type entry struct {
	path string
	err  error
}

// list expands paths into the files to read, in a stable order: the
// arguments in the order given, each folder walked in lexical order. A file
// named explicitly is always read (its content decides whether it is
// supported); inside folders only supported extensions count, and hidden
// names and Office lock files (~$x.docx) are skipped.
func list(paths []string) []entry {
	var out []entry
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, entry{path: path, err: err})
				return nil
			}
			if path == root && !d.IsDir() {
				out = append(out, entry{path: path})
				return nil
			}
			if skipped(d.Name()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && extract.Supported(path) {
				out = append(out, entry{path: path})
			}
			return nil
		})
		if err != nil {
			out = append(out, entry{path: root, err: err})
		}
	}
	return out
}

func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")
}
