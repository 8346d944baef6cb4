# cnbudget — see README.md. Every go command uses the sqlite_fts5 tag:
# the SQLite driver is compiled with full-text search.

GO      ?= go
TAGS    := -tags sqlite_fts5
BIN     := bin/cnbudget
DEMO_DB := cnbudget.db

# Expenditure by 类 (3-digit function code) in each file of the reference
# report, in yuan: the DOCX and the two PDFs must agree.
DEMO_SQL := SELECT d.source_path AS file, f.code, f.name, \
	printf('%d.%02d', f.amount_fen / 100, f.amount_fen % 100) AS yuan \
	FROM facts f JOIN documents d ON d.id = f.document_id \
	WHERE f.table_kind = 'expenditure' AND f.measure = 'total' \
	AND f.classification = 'function' AND length(f.code) = 3 \
	ORDER BY file, f.code

.PHONY: build test demo fixtures bench clean

build:
	$(GO) build $(TAGS) -o $(BIN) ./cmd/cnbudget

test:
	$(GO) vet $(TAGS) ./...
	$(GO) test $(TAGS) ./...

demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN) ingest --db $(DEMO_DB) fixtures/reference
	@echo "\nExpenditure by 类, per file (cnbudget query):"
	@$(BIN) query --db $(DEMO_DB) "$(DEMO_SQL)"

# Regenerates fixtures/ from the reference text in ../shared/seed
# (the PDFs need LibreOffice and the Noto CJK fonts).
fixtures:
	$(GO) run ./fixtures/gen -seed ../shared/seed/000_d07d4ef0102bfb55.txt -out fixtures

# Measures the whole pipeline against pdftotext and a 1,000-document batch
# (cmd/cnbench), writes docs/bench.md, then runs the go test benchmarks.
bench:
	$(GO) build $(TAGS) -o bin/cnbench ./cmd/cnbench
	bin/cnbench -out docs/bench.md
	$(GO) test $(TAGS) -run '^$$' -bench . ./...

clean:
	rm -rf bin $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
