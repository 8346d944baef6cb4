package crawl

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked reports that another crawl of the same database is running.
var ErrLocked = errors.New("another crawl is running")

// Lock takes the crawl lock of the database at dbPath, so two scheduled
// runs never overlap. The lock is a file beside the database
// (dbPath + ".crawl.lock") held with flock: the system releases it when
// the process ends, however it ends, so a killed run never leaves a stale
// lock behind. The file holds the holder's process id, for the message
// the next run prints. Call release when done.
func Lock(dbPath string) (release func() error, err error) {
	name := dbPath + ".crawl.lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("crawl lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid, _ := os.ReadFile(name)
			return nil, fmt.Errorf("%w on %s (process %s holds %s); this run stops so the two do not overlap",
				ErrLocked, dbPath, strings.TrimSpace(string(pid)), name)
		}
		return nil, fmt.Errorf("crawl lock %s: %w", name, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f.Close, nil
}
