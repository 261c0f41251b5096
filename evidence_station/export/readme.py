"""The bilingual ``README.txt`` that tells a court clerk how to verify the disc: first with ``VERIFY.html`` in
any browser, then with common command-line tools."""

from __future__ import annotations

from evidence_station.disc.layout import (
    MANIFEST_NAME,
    MANIFEST_SIGNATURE_NAME,
    ORIGINALS_DIR,
    PROVENANCE_NAME,
    SHA256SUMS_NAME,
    SM3SUMS_NAME,
    STATION_CERT_NAME,
    VERIFIER_NAME,
)
from evidence_station.export.plan import DiscPlan, format_local_time


def _set_lines(plan: DiscPlan) -> list[str]:
    """For a set of several discs: that each disc stands alone and which export they all belong to."""
    if plan.disc_count == 1:
        return []
    export = plan.provenance.export_id or "—"
    return [
        f"  本套共 {plan.disc_count} 张光盘（导出编号 {export}），每张光盘自带清单、签名和说明，可单独核验；",
        "  每个原始文件只在其中一张光盘上。",
        f"  This set has {plan.disc_count} discs (export {export}); each carries its own manifest, signatures",
        "  and description and verifies on its own; every original is on exactly one of them.",
    ]


def readme_text(plan: DiscPlan, station_cert_sha256: str) -> bytes:
    """README.txt as UTF-8 with BOM and CRLF line ends (opens correctly in Windows Notepad too)."""
    facts = plan.provenance
    when = f"{format_local_time(facts.extraction_time, facts.zone_name)} ({facts.zone_name})"
    cms_cmd = (
        f"openssl cms -verify -binary -inform DER -in {MANIFEST_SIGNATURE_NAME} -content {MANIFEST_NAME} "
        f"-CAfile {STATION_CERT_NAME} -purpose any"
    )
    lines = [
        "执法音像记录证据光盘 / Evidence disc of law-enforcement audio-video recordings",
        "=" * 72,
        f"案件编号 Case number : {facts.case_number}",
        f"案件名称 Case title  : {facts.case_title}",
        f"制作人   Producer    : {facts.producer}",
        f"提取人   Extractor   : {facts.extractor}",
        f"提取时间 Extracted   : {when}",
        f"工作站   Station     : {facts.station_name} ({facts.station_id})",
        f"光盘     Disc        : 第 {plan.disc_index} 张 共 {plan.disc_count} 张 (disc {plan.disc_index} of "
        f"{plan.disc_count})",
        *_set_lines(plan),
        "工作站证书 SHA-256 指纹 / station certificate SHA-256 fingerprint:",
        f"  {station_cert_sha256}",
        "",
        f"核验本光盘：用浏览器（Chrome、Edge、360、QQ、Firefox 等）打开光盘根目录下的 {VERIFIER_NAME}，",
        "  按提示选择光盘根目录，即自动完成下文第二部分的全部核验（SHA-256、SM3、清单签名、提取说明签名、",
        "  审计检查点签名、缺少或多余的文件），并生成可打印的核验报告。无需安装任何软件，不联网。",
        f"To verify this disc, open {VERIFIER_NAME} (in its root folder) in any current browser and choose the",
        "  disc's root folder: it runs every check of section 2 below and prints a report. Nothing to install,",
        "  no network.",
        "",
        "一、内容",
        f"  {ORIGINALS_DIR}/            原始音像文件（与存储库中的原件逐字节相同）",
        f"  {MANIFEST_NAME}          文件清单：大小、SHA-256、SM3、录制信息、制作人、提取人、提取时间",
        f"  {MANIFEST_SIGNATURE_NAME}      清单的 CMS 分离式数字签名（DER）",
        f"  {STATION_CERT_NAME}       工作站签名证书",
        f"  {SHA256SUMS_NAME} / {SM3SUMS_NAME}  各文件的 SHA-256 / SM3 校验值",
        f"  {PROVENANCE_NAME}         证据提取说明（已做 PAdES 数字签名），制作人、提取人手写签名",
        f"  {VERIFIER_NAME}            浏览器核验页面（其 SHA-256 与 SM3 载于已签名的清单中）",
        "",
        f"二、核验方法（浏览器：打开 {VERIFIER_NAME}；或在光盘根目录执行以下命令）",
        "  1. 核对证书指纹与工作站公布的指纹一致：",
        f"     openssl x509 -in {STATION_CERT_NAME} -noout -fingerprint -sha256",
        "  2. 核验文件完整性：",
        f"     sha256sum -c {SHA256SUMS_NAME}",
        f"     （SM3：openssl dgst -sm3 <文件>，与 {SM3SUMS_NAME} 中的值比对）",
        "  3. 核验清单签名（应显示 Verification successful）：",
        f"     {cms_cmd}",
        f"  4. 核验 {PROVENANCE_NAME} 的签名：在 PDF 阅读器的签名面板查看，或执行",
        f"     pdfsig {PROVENANCE_NAME}   （应显示 Signature is Valid）",
        "  任何一项不通过，说明光盘内容已被改动或损坏，不得作为证据使用。",
        "",
        "1. Contents",
        f"  {ORIGINALS_DIR}/ holds the original recordings, byte-identical to the station's vault.",
        f"  {MANIFEST_NAME} lists every file with size, SHA-256, SM3 and recording metadata, and names",
        "  the producer, the extractor and the extraction time. It is signed with a detached CMS signature",
        f"  ({MANIFEST_SIGNATURE_NAME}) by the station certificate {STATION_CERT_NAME}.",
        f"  {PROVENANCE_NAME} is the written description required by Art. 17, digitally signed (PAdES).",
        f"  {VERIFIER_NAME} is the in-browser verifier; the signed manifest names its SHA-256 and SM3.",
        "",
        f"2. How to verify ({VERIFIER_NAME} in a browser, or run these in the root folder of the disc)",
        "  a. Compare the certificate fingerprint with the one the station publishes:",
        f"     openssl x509 -in {STATION_CERT_NAME} -noout -fingerprint -sha256",
        f"  b. File integrity:  sha256sum -c {SHA256SUMS_NAME}",
        f"     (SM3: openssl dgst -sm3 FILE and compare with {SM3SUMS_NAME}; on Windows: certutil -hashfile",
        "     FILE SHA256)",
        "  c. Manifest signature (must print 'Verification successful'):",
        f"     {cms_cmd}",
        f"  d. PDF signature: the signature panel of any PDF reader, or  pdfsig {PROVENANCE_NAME}",
        "     (must print 'Signature is Valid').",
        "  If any check fails, the disc was altered or damaged and must not be relied on as evidence.",
        "",
    ]
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")
