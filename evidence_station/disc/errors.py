"""Errors of the desk's disc tools: a program (xorriso) or font that is missing, a burn that failed."""

from __future__ import annotations

from evidence_station.domain.errors import EvidenceStationError


class MissingToolError(EvidenceStationError):
    """A program or font the export needs is not installed on this computer."""

    exit_code = 2
    code = "missing_tool"
    headline_zh = "本机缺少导出所需的程序或字体"


class BurnFailedError(EvidenceStationError):
    """The burning program reported a failure; the medium may be unusable."""

    exit_code = 1
    code = "burn_failed"
    headline_zh = "刻录失败，光盘可能已不可用"
