"""TVM's web runtime as LLVM bitcode, built here from the installed wheels with Debian's emscripten.

A model library links three bitcode files from `$TVM_HOME/web/dist/wasm/` (TVM's `export_library` looks there):
`wasm_runtime.bc` (the VM, the paged KV cache, tensors), `tvmjs_support.bc` and `webgpu_runtime.bc`. The
apache-tvm wheel ships their sources (`tvm/web/emcc/*.cc`, `tvm/src/runtime/`, `tvm/include/`) and apache-tvm-ffi
ships its own (`tvm_ffi/src`, `tvm_ffi/include`, dlpack), but not prebuilt bitcode, and not nine small headers the
runtime sources include. Those we wrote ourselves (runtime_shims/, each says what it is for):

    include/tvm/support/io.h, serializer.h     the binary stream and its wire format (executables, shaders)
    include/tvm/support/cuda/nvtx.h            profiler ranges: no-ops in a browser
    src/support/bytes_io.h, base64.h          in-memory and base64 streams
    src/support/arena.h, ring_buffer.h, utils.h   what the runtime's RPC code uses (never called by web-llm)
    3rdparty/compiler-rt/builtin_fp16.h        half-to-float for the runtime's CPU sort

The sources are copied into one tree laid out as TVM's source repository is (the runtime's relative includes
expect that). The tree's name carries the wheels' versions and a digest of our headers, so it is built once and
rebuilt only when one of them changes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

SHIMS = Path(__file__).parent / "runtime_shims"
RUNTIME_SOURCES = ("wasm_runtime", "tvmjs_support", "webgpu_runtime")
# Debian's emscripten uses its frozen cache in /usr/share/emscripten/cache: leave EM_CACHE unset.
EMXX = "em++"


def _shims_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(SHIMS.rglob("*.h")):
        digest.update(path.relative_to(SHIMS).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _assemble(home: Path) -> None:
    """Copy the wheels' runtime sources into TVM's repository layout, then our headers over them."""
    import tvm
    import tvm_ffi

    tvm_dir, ffi_dir = Path(tvm.__file__).parent, Path(tvm_ffi.__file__).parent
    shutil.copytree(tvm_dir / "src" / "runtime", home / "src" / "runtime")
    shutil.copytree(tvm_dir / "include", home / "include")
    shutil.copytree(tvm_dir / "web" / "emcc", home / "web" / "emcc")
    for part in ("src", "include", "3rdparty"):
        shutil.copytree(ffi_dir / part, home / "3rdparty" / "tvm-ffi" / part)
    shutil.copytree(SHIMS, home, dirs_exist_ok=True)


def _compile(home: Path, name: str, out: Path) -> None:
    includes = [
        home,
        home / "include",
        home / "3rdparty/tvm-ffi/include",
        home / "3rdparty/tvm-ffi/3rdparty/dlpack/include",
    ]
    command = [
        EMXX,
        "-O3",
        "-std=c++17",
        "-Wno-ignored-attributes",
        "-emit-llvm",
        "-c",
        *(f"-I{path}" for path in includes),
        "-o",
        str(out),
        str(home / "web" / "emcc" / f"{name}.cc"),
    ]
    subprocess.run(command, check=True)


def web_runtime_home(cache_dir: Path) -> Path:
    """A TVM home holding `web/dist/wasm/*.bc`, built on first use (about a minute on 2 cores) and then reused."""
    if shutil.which(EMXX) is None:
        raise SystemExit(
            "em++ is not installed: `apt-get install emscripten lld-14 binaryen wabt` (Debian) builds the web runtime."
        )
    home = cache_dir / f"tvm-{version('apache-tvm')}-ffi-{version('apache-tvm-ffi')}-shims-{_shims_digest()}"
    dist = home / "web" / "dist" / "wasm"
    if all((dist / f"{name}.bc").exists() for name in RUNTIME_SOURCES):
        return home
    shutil.rmtree(home, ignore_errors=True)
    _assemble(home)
    dist.mkdir(parents=True)
    for name in RUNTIME_SOURCES:
        print(f"web runtime: compiling {name}.cc")
        _compile(home, name, dist / f"{name}.bc.partial")
        (dist / f"{name}.bc.partial").rename(dist / f"{name}.bc")
    return home
