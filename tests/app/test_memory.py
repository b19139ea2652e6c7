"""The index gives the memory of freed large arrays back to the operating system."""

import subprocess
import sys

from tests.conftest import ROOT

PROGRAM = """
import importlib.util
import sys
import numpy as np

# The module alone, as a worker runs it before fitting (without the app's other imports).
spec = importlib.util.spec_from_file_location("memory", "app/index/memory.py")
memory = importlib.util.module_from_spec(spec)
spec.loader.exec_module(memory)
return_large_blocks = memory.return_large_blocks

def resident_mb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) // 1024 for line in fh if line.startswith("VmRSS"))

print(return_large_blocks())
before = resident_mb()
warm = [np.ones(2_000_000, np.float32) for _ in range(3)]  # glibc raises its threshold
del warm
blocks, small = [], []
for _ in range(40):  # 40 arrays of 8 MB between small objects that stay
    blocks.append(np.ones(2_000_000, np.float32))
    small.append(bytearray(1000))
peak = resident_mb()
del blocks
print(before, peak, resident_mb())
"""


def test_freed_arrays_leave_the_process():
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "True"
    before, peak, after = map(int, out[1].split())
    assert peak - before > 250  # the arrays were resident
    assert after - before < 50, f"{after - before} MB stayed resident after freeing"
