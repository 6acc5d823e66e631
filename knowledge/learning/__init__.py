"""The learned parts of PolicyBot, in one place: what is learned, from which data, and how it is scored.

- `questions`: the written staff questions (`questions/*.yaml`), typed, and the split by manual;
- `pairs`: (question, answering clause, hard negative) triples for the retriever, mined from the same manual;
- `encoder_fit`: fine-tunes MiniLM on those triples (sentence-transformers, torch: fitting only);
- `model_card`: the shipped encoder's card (data, split, seeds, settings, figures, sha256) and its check.

Fitting reads only `questions/` and the manuals it names; it never reads `tests/`. Scoring at run time needs
neither torch nor sentence-transformers: the trained encoder is plain safetensors read by
`knowledge.embedder`.
"""
