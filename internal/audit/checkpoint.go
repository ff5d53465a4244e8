package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// ErrTruncated is wrapped by Verify's (and Append's) error when the log
// holds less than its checkpoint records: entries were cut from its end,
// the file was emptied, replaced or deleted.
var ErrTruncated = errors.New("the log was cut short")

// Checkpoint is what the last Append recorded beside the log, in
// <log>.checkpoint: how many entries the log had then and the hash of the
// last one. The hash chain alone proves that what is in the log was not
// changed, not that nothing followed it; the checkpoint is what shows that
// entries were cut from the end, or the file emptied or deleted.
//
// It lives beside the log, in the user's state directory, outside any
// workspace an agent may write to. Whoever can write there can delete both
// files, and Verify then sees a log that was never started: keep a copy
// elsewhere where that matters.
type Checkpoint struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// CheckpointPath is the checkpoint file of the log at path.
func CheckpointPath(path string) string { return path + ".checkpoint" }

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ReadCheckpoint reads the checkpoint of the log at path; nil and no error
// when there is none (a log written before checkpoints existed).
func ReadCheckpoint(path string) (*Checkpoint, error) {
	name := CheckpointPath(path)
	b, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read checkpoint %s: %w", name, err)
	}
	var cp Checkpoint
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cp); err != nil || cp.Seq == 0 || !hexHash.MatchString(cp.Hash) {
		return nil, fmt.Errorf("checkpoint %s is damaged (it is replaced whole on every append, so this is not a crash): "+
			"run 'gatehouse audit verify', then move the log and its checkpoint aside to start a new one", name)
	}
	return &cp, nil
}

// heldBy checks that a log whose last whole entry is (seq, hash) still
// holds what cp records. Only the last entry is at hand: an older
// checkpoint is checked in full by Verify.
func (cp *Checkpoint) heldBy(seq uint64, hash, path string) error {
	switch {
	case cp == nil:
		return nil
	case seq < cp.Seq:
		return fmt.Errorf("%w: its checkpoint records %d entries, the log holds %d (entries were removed, or the file emptied or replaced): "+
			"run 'gatehouse audit verify'; to start a new log, move %s and %s aside",
			ErrTruncated, cp.Seq, seq, path, CheckpointPath(path))
	case seq == cp.Seq && hash != cp.Hash:
		return fmt.Errorf("%w: entry %d is not the one its checkpoint records (the log was rewritten): "+
			"run 'gatehouse audit verify'; to start a new log, move %s and %s aside",
			ErrTruncated, seq, path, CheckpointPath(path))
	}
	return nil
}

// writeCheckpoint replaces the checkpoint of the log at path whole (a
// temporary file renamed over it), so that it is never half written.
func writeCheckpoint(path string, cp Checkpoint) error {
	name := CheckpointPath(path)
	b, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("write checkpoint %s: %w", name, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write checkpoint %s: %w", name, err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write checkpoint %s: %w", name, err)
	}
	return nil
}
