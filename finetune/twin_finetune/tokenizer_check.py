"""Cross-check the SmolLM2 tokenizer transformers builds from the GGUF against llama.cpp's own tokenization.

The twin's tokenizer must be SmolLM2's, not a lossy reconstruction: this encodes a varied corpus (the persona's
text, code, numbers, accents, CJK, emoji, odd whitespace, chat markup) with both, and also with the copy saved to
disk as the browser will load it, and reports every difference.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from .base_models import BUNDLED_GGUF, bundled_gguf_path, load_tokenizer, save_tokenizer
from .config import TwinConfig
from .seeds import DialogueRecord, load_offmap, load_seeds

FIXED = [
    "Hello, world!",
    "  leading spaces",
    "trailing spaces   ",
    "tabs\tand\nnewlines\r\n",
    "\n\n\n",
    "",
    "In 2020 I built 12345 things for £3.50 (≈ €4.10) at 09:45.",
    "3.14159 1e-9 0x1F 1,000,000",
    "def f(x):\n    return {'a': [1, 2]}  # comment",
    'fn main() { println!("{}", 42); }',
    "naïve café résumé Ångström façade",
    "Straße größer",
    "日本語のテキスト",
    "中文测试",
    "한국어",
    "Привет, мир",
    "مرحبا",
    "🙂👍🏽🇵🇹 emoji",
    "don't can't I'm we're they've it'll he'd",
    "URL https://example.com/a?b=c&d=e",
    "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
    'TOOL {"app":"projects","params":{"tag":"rust"}}',
    "ALL CAPS SHOUTING",
    "mixedCASE camelCase snake_case kebab-case",
    "a" * 64,
    "....!!!???",
    "—–-",
    "\u00a0nbsp\u2009thin",
]


def corpus(config: TwinConfig | None, seed: int = 0) -> list[str]:
    texts = list(FIXED)
    if config is not None:
        for record in load_seeds(config.seeds_path, config):
            pairs = record.turns if isinstance(record, DialogueRecord) else record.pairs()
            texts += [t for pair in pairs for t in pair]
        texts += load_offmap(config.offmap_path) + [config.system, config.greeting]
    rng = random.Random(seed)
    alphabet = (
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        " \n\t.,;:'\"!?()[]{}<>-_=+*/\\|@#$%^&~`éüñçøß日本🙂"
    )
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))) for _ in range(300)]
    return texts


def check_tokenizer(config: TwinConfig | None) -> dict:
    try:
        from llama_cpp import Llama  # imported here: only this check needs llama.cpp
    except ImportError:
        raise SystemExit(
            'the tokenizer cross-check needs llama.cpp: pip install -e "finetune[llamacpp]" '
            "(it compiles llama.cpp, about 17 minutes on 2 cores)"
        ) from None

    reference = Llama(model_path=str(bundled_gguf_path()), vocab_only=True, verbose=False)
    converted = load_tokenizer(BUNDLED_GGUF)
    with tempfile.TemporaryDirectory() as tmp:
        save_tokenizer(converted, Path(tmp))
        saved = load_tokenizer(tmp)
    texts = corpus(config)
    mismatches = []
    for text in texts:
        expected = reference.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        for name, tokenizer in (("converted", converted), ("saved", saved)):
            got = tokenizer(text, add_special_tokens=False)["input_ids"]
            if got != expected:
                mismatches.append({"tokenizer": name, "text": text, "llama.cpp": expected, "transformers": got})
    decoded_ok = sum(converted.decode(converted(t, add_special_tokens=False)["input_ids"]) == t for t in texts)
    return {
        "texts": len(texts),
        "tokens": sum(len(converted(t, add_special_tokens=False)["input_ids"]) for t in texts),
        "mismatches": len(mismatches),
        "round_trip_ok": decoded_ok,
        "first_mismatches": mismatches[:5],
        "llama_cpp": __import__("llama_cpp").__version__,
    }
