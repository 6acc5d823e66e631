"""The ingest progress bar: quiet off a terminal, figures right on one, a clean line at the end."""
import io

from ingest.pipeline import ingest_paths
from ingest.progress import Progress
from knowledge.store.chroma_store import ChromaStore
from tests.conftest import BUNDLED


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_quiet_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream)
    assert not progress.enabled
    progress.start(documents=2)
    progress.document(10)
    progress.advance(10, encoded=10)
    progress.document_done()
    progress.close()
    assert stream.getvalue() == ""


def test_quiet_on_a_terminal_when_told():
    stream = Terminal()
    progress = Progress(stream, enabled=False)
    progress.start(documents=1)
    progress.advance(5, encoded=5)
    progress.close()
    assert stream.getvalue() == ""


def test_line_shows_documents_clauses_rate_and_eta():
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock, interval=0)
    assert progress.enabled
    progress.start(documents=4)
    progress.document(100)                 # first of four documents: 100 clauses, so ~400 expected
    clock.now += 10
    progress.advance(50, encoded=50)       # 5 clauses/s
    line = progress.line()
    assert "0/4 docs" in line and "50/400 clauses" in line and "5 clauses/s" in line
    assert "ETA 1:10" in line              # 350 clauses left at 5/s
    assert stream.getvalue().startswith("\r") and "50/400 clauses" in stream.getvalue()


def test_unchanged_clauses_do_not_inflate_the_rate():
    clock = Clock()
    progress = Progress(Terminal(), clock=clock)
    progress.start(documents=1)
    progress.document(1000)
    clock.now += 2
    progress.advance(1000, encoded=0)
    assert progress.rate() == 0 and progress.eta() is None and "ETA ?" in progress.line()


def test_redraws_are_throttled_and_close_clears_the_line():
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock, interval=1.0)
    progress.start(documents=1)
    progress.document(10)
    for _ in range(5):
        progress.advance(1, encoded=1)     # same instant: no redraw
    assert stream.getvalue().count("\r") == 1
    clock.now += 1.5
    progress.advance(1, encoded=1)
    assert stream.getvalue().count("\r") == 2
    progress.close()
    assert stream.getvalue().endswith("\r") and stream.getvalue().rstrip("\r").endswith(" ")


def test_pipeline_reports_every_document_and_clause(settings, hash_embedder):
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock, interval=0)
    report = ingest_paths(ChromaStore(settings).collection("progress"), hash_embedder, [BUNDLED],
                          progress=progress, batch_size=16)
    assert progress.documents_done == progress.documents == 2
    assert progress.clauses_done == progress.clauses_known == report.clauses
    assert "2/2 docs" in progress.line()
    assert "ingest  [" in stream.getvalue()
