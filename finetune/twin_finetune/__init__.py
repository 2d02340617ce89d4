"""twin_finetune: hand-written Q/A seeds in, a browser-ready twin (ONNX/MLC build + twin.json) out."""
