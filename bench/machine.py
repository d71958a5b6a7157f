"""What the figures were measured on, and each process's peak memory (Linux /proc)."""
from __future__ import annotations

import importlib.metadata
import os
import platform
from pathlib import Path
from typing import Dict


def describe() -> Dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.0f} GB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Rasa": importlib.metadata.version("rasa"),
        "rasa-sdk": importlib.metadata.version("rasa-sdk"),
    }


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def reset_peak_memory(pid: int) -> None:
    """Starts a new peak-RSS measurement for the process (Linux: clear_refs 5 resets VmHWM)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass  # not ours to reset, or not Linux: the peak then covers the process's whole life


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) since start or the last reset, in MB; 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, in seconds; 0 when unknown. Less
    noisy than wall time on a shared machine: other work delays a turn but does not add to it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
