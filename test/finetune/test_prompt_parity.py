"""The browser's prompt builder (src/generation/chat-ml.ts) and the training chat template agree byte for byte and
token for token, with the twin's real system prompt from twin.toml."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import REPO
from transformers import AutoTokenizer
from twin_finetune.config import load_config
from twin_finetune.labels import render

ADA = load_config(REPO / "finetune" / "personas" / "ada")


@pytest.fixture(scope="module")
def render_chatml(tmp_path_factory):
    """renderChatML from the TypeScript source, bundled by esbuild and run by node."""
    esbuild = REPO / "node_modules" / ".bin" / "esbuild"
    assert esbuild.exists(), "run `npm ci` first: the parity test bundles src/generation/chat-ml.ts with esbuild"
    bundle = tmp_path_factory.mktemp("ts") / "prompt.mjs"
    subprocess.run(
        [
            str(esbuild),
            str(REPO / "src/generation/chat-ml.ts"),
            "--bundle",
            "--format=esm",
            "--log-level=warning",
            f"--outfile={bundle}",
        ],
        check=True,
    )

    def run(messages: list[dict], add_generation_prompt: bool) -> str:
        script = (
            f"import {{ renderChatML }} from {json.dumps(bundle.as_uri())};"
            "const [m, g] = JSON.parse(process.argv[1]); process.stdout.write(JSON.stringify(renderChatML(m, g)));"
        )
        out = subprocess.run(
            ["node", "--input-type=module", "-e", script, json.dumps([messages, add_generation_prompt])],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout)

    return run


CONVERSATION = [
    {"role": "system", "content": ADA.system},
    {"role": "user", "content": "Hi! What's Contour — the GPS logger from 2021?"},
    {
        "role": "assistant",
        "content": 'A tiny e-ink GPS logger I built.\nTOOL {"app":"projects","params":{"tag":"hardware"}}',
    },
    {"role": "user", "content": "  And émojis 🙂, tabs\tand\nnewlines?"},
]


@pytest.fixture(params=["smollm2", "micro", "committed micro twin"])
def tokenizer(request, smollm2_tokenizer, micro_tokenizer):
    if request.param == "committed micro twin":
        return AutoTokenizer.from_pretrained(REPO / "models" / "ada-twin")  # what the demo ships
    return smollm2_tokenizer if request.param == "smollm2" else micro_tokenizer


@pytest.mark.parametrize("add_generation_prompt", [True, False])
def test_typescript_prompt_equals_chat_template(render_chatml, tokenizer, add_generation_prompt):
    ts_text = render_chatml(CONVERSATION, add_generation_prompt)
    py_text = render(tokenizer, CONVERSATION, add_generation_prompt)
    assert ts_text == py_text
    assert ts_text.startswith(f"<|im_start|>system\n{ADA.system}<|im_end|>\n")
    template_ids = tokenizer.apply_chat_template(
        CONVERSATION, add_generation_prompt=add_generation_prompt, tokenize=True
    )["input_ids"]
    assert tokenizer(ts_text, add_special_tokens=False)["input_ids"] == template_ids


def test_micro_tokenizer_has_smollm2_specials_and_template(smollm2_tokenizer, micro_tokenizer):
    assert micro_tokenizer.chat_template == smollm2_tokenizer.chat_template
    for token in ("<|endoftext|>", "<|im_start|>", "<|im_end|>"):
        assert micro_tokenizer.convert_tokens_to_ids(token) == smollm2_tokenizer.convert_tokens_to_ids(token)
    assert micro_tokenizer.eos_token == smollm2_tokenizer.eos_token == "<|im_end|>"
