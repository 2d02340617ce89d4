"""The SmolLM2 tokenizer transformers builds from the GGUF (and the copy saved for the browser) tokenizes exactly
as llama.cpp does on a varied corpus."""

from __future__ import annotations

import pytest
from twin_finetune.tokenizer_check import check_tokenizer

# llama.cpp is an optional extra (it compiles for many minutes): pip install -e "finetune[llamacpp]".
pytest.importorskip("llama_cpp")


def test_gguf_tokenizer_matches_llama_cpp():
    result = check_tokenizer(None)
    assert result["texts"] > 300
    assert result["mismatches"] == 0, result["first_mismatches"]
    assert result["round_trip_ok"] == result["texts"]
