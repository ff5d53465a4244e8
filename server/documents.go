package main

import (
	"context"
	"sync"

	"go.lsp.dev/protocol"
)

// documents holds the editor's open buffers: an agent's edit applies to what
// the person sees, unsaved changes included.
type documents struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newDocuments() *documents { return &documents{files: map[string][]byte{}} }

// Content implements gate.Documents.
func (d *documents) Content(path string) ([]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.files[path]
	return b, ok
}

func (d *documents) set(path string, text string) []byte {
	b := []byte(text)
	d.mu.Lock()
	d.files[path] = b
	d.mu.Unlock()
	return b
}

func (d *documents) remove(path string) {
	d.mu.Lock()
	delete(d.files, path)
	d.mu.Unlock()
}

func (s *lspServer) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil
	}
	b := s.docs.set(path, params.TextDocument.Text)
	s.g.FileChanged(path, b, true)
	return nil
}

// DidChange applies full-text syncs (the server asks for full sync): the
// last change carries the whole document.
func (s *lspServer) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil || len(params.ContentChanges) == 0 {
		return nil
	}
	var text string
	switch c := params.ContentChanges[len(params.ContentChanges)-1].(type) {
	case *protocol.TextDocumentContentChangeWholeDocument:
		text = c.Text
	default:
		// A partial change would need the previous text; this server
		// negotiates full sync, so drop the buffer and fall back to disk.
		s.docs.remove(path)
		return nil
	}
	b := s.docs.set(path, text)
	s.g.FileChanged(path, b, true)
	return nil
}

func (s *lspServer) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	if path, err := uriToPath(params.TextDocument.URI); err == nil {
		s.docs.remove(path)
	}
	return nil
}
