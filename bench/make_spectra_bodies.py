#!/usr/bin/python3
"""Request bodies for bench/spectra.sh: embeddings-N.json ({"spectra": [{"mz": [...], "intensities": [...],
"precursor_mz": ..., "ionmode": ...}, ...]}) with N = 1, 64 and 1024 spectra of an MGF file, taken in file
order and repeated from the first when N is larger than the file (spectrum i of a body is spectrum i mod count
of the file, as bench/SpectraRawBench.java takes them). Peaks, PEPMASS (or PRECURSOR_MZ) and IONMODE only;
the other fields do not change an ms2deepscore embedding without additional metadata.
Usage: /usr/bin/python3 bench/make_spectra_bodies.py MGF_FILE OUT_DIR (standard library only)"""
import json
import pathlib
import sys

mgf, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

spectra, current = [], None
for line in mgf.read_text(encoding="utf-8", errors="replace").splitlines():
    text = line.strip()
    if not text or text[0] in "#;!/":
        continue
    upper = text.upper()
    if upper == "BEGIN IONS":
        current = {"mz": [], "intensities": [], "fields": {}}
    elif upper == "END IONS":
        fields = current["fields"]
        spectrum = {"mz": current["mz"], "intensities": current["intensities"]}
        precursor = fields.get("PEPMASS", fields.get("PRECURSOR_MZ"))
        if precursor:
            spectrum["precursor_mz"] = float(precursor.replace(",", " ").split()[0])
        if fields.get("IONMODE", "").lower() in ("positive", "negative"):
            spectrum["ionmode"] = fields["IONMODE"].lower()
        spectra.append(spectrum)
        current = None
    elif current is not None:
        if text[0].isdigit() or text[0] in ".+-":
            mz, intensity = text.split()[:2]
            current["mz"].append(float(mz))
            current["intensities"].append(float(intensity))
        elif "=" in text:
            key, value = text.split("=", 1)
            current["fields"][key.strip().upper()] = value.strip()

if not spectra:
    sys.exit(f"no spectra in {mgf}")
for n in (1, 64, 1024):
    body = {"spectra": [spectra[i % len(spectra)] for i in range(n)]}
    (out / f"embeddings-{n}.json").write_text(json.dumps(body, separators=(",", ":")))
print(f"{len(spectra)} spectra from {mgf} into {out}/embeddings-{{1,64,1024}}.json")
