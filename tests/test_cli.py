"""The command line with typer's CliRunner: exit codes, stdout/stderr, and bad input that names file,
line and field while leaving output/ untouched."""

import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, TANAH_LAUT, edit, invoke, tree_bytes


def test_list_names_regions_and_kinds(workspace):
    result = invoke("list", "--json", ws=workspace)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    codes = [r["kode"] for r in data["regions"]]
    assert len(codes) == 29 and "63.01" in codes and "62.71" in codes
    kinds = {r["jenis"] for r in data["regions"]}
    assert kinds == {"provinsi", "kabupaten", "kota"}
    assert len(data["outputs"]) == 29 * 6 + 1
    assert {k["kind"] for k in data["kinds"]} == {"perkada", "surat-edaran", "keputusan-tim", "keputusan-pbi",
                                                  "laporan", "laporan-nasional", "catatan-penyusun"}
    assert sum("-pergub-" in o for o in data["outputs"]) == 2
    assert sum("-perbup-" in o for o in data["outputs"]) == 24
    assert sum("-perwali-" in o for o in data["outputs"]) == 3


def test_render_json_prints_the_path_and_writes_the_model(workspace):
    result = invoke("render", "perkada", "63.01", "--format", "json", ws=workspace)
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "63.01-perbup-tanah-laut.json" and path.is_file()
    model = json.loads(path.read_text())
    assert model["meta"]["region"] == "63.01"
    manifest = json.loads((workspace / "output" / "manifest.json").read_text())
    assert "perkada/63.01-perbup-tanah-laut.json" in manifest["outputs"]


def test_render_surat_edaran_for_a_city(workspace):
    result = invoke("render", "surat-edaran", "62.71", "--format", "json", ws=workspace)
    assert result.exit_code == 0, result.output
    model = json.loads(Path(result.stdout.strip()).read_text())
    assert model["meta"]["title"].startswith("Surat Edaran Wali Kota Palangka Raya tentang")


def test_surat_edaran_settings_are_validated(workspace):
    edit(workspace, "config/settings.yaml", "Camat se-{daerah}", "Camat se-{kabupaten}")
    edit(workspace, "config/settings.yaml", '"{klasifikasi}/{urut}/{unit}/{tahun}"', '"{klasifikasi}/{unit}"')
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    assert "unknown placeholder {kabupaten}" in result.stderr
    assert "needs {urut}" in result.stderr
    assert f"config/settings.yaml:{_line_of(workspace, 'config/settings.yaml', 'Camat se-{kabupaten}')}" \
        in result.stderr


def test_unknown_region_and_format_are_usage_errors(workspace):
    assert invoke("render", "perkada", "99.99", ws=workspace).exit_code == 2
    assert invoke("render", "perkada", "63.01", "-f", "odt", ws=workspace).exit_code == 2
    assert invoke("render", "sk", "63.01", ws=workspace).exit_code == 2


def test_check_passes_on_the_sample_and_strict_fails_on_placeholders(workspace):
    result = invoke("check", ws=workspace)
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stderr
    strict = invoke("check", "--strict", ws=workspace)
    assert strict.exit_code == 1 and 'still "..."' in strict.stderr


def _line_of(ws: Path, rel: str, needle: str) -> int:
    for i, line in enumerate((ws / rel).read_text().splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


BAD = [
    # (file, old, new, expected text in stderr, the line holds this needle)
    (TANAH_LAUT, "ibu_kota: Pelaihari\n", "", "required field is missing", None),
    (TANAH_LAUT, "ibu_kota: Pelaihari", "ibu_kotta: Pelaihari", "did you mean 'ibu_kota'", "ibu_kotta"),
    (TANAH_LAUT, "sasaran: 1363", "sasaran: banyak", "pekerja_rentan.kategori[0].sasaran", "banyak"),
    (TANAH_LAUT, "dasar_pembentukan: [uu-8-1965]", "dasar_pembentukan: [uu-8-1956]",
     "unknown legal basis 'uu-8-1956'", "uu-8-1956"),
    (TANAH_LAUT, "jenis: kabupaten", "jenis: kota", "a kota has a code of 71 or more", None),
    (TANAH_LAUT, "nama: Tanah Laut", "nama: [Tanah Laut", "malformed YAML", None),
    (TANAH_LAUT, 'kode: "63.01"', 'kode: "62.20"', "not under its province 62", 'kode: "62.20"'),
    (TANAH_LAUT, 'periode: "2024-12"', 'periode: "2024-13"', "is not a period (YYYY-MM", '"2024-13"'),
    (TANAH_LAUT, "checklist:\n", "checklist:\n  Z9: {status: ya, bukti: x}\n", "unknown checklist code 'Z9'", "Z9:"),
    ("config/legal-bases.yaml", "    tambahan: 5256\n", "", "needs 'tambahan'", None),
    ("templates/perkada.xml.j2", '<ref to="ayat-pu-wajib"/> dikenai', '<ref to="ayat-hilang"/> dikenai',
     "reference to unknown id 'ayat-hilang'", 'to="ayat-hilang"'),
    ("templates/perkada.xml.j2", '<dasar ref="uu-13-2003"/>', '<dasar ref="inpres-2-2021"/>',
     "cite it in Menimbang, not in Mengingat", 'ref="inpres-2-2021"'),
    ("templates/perkada.xml.j2", "{{ daerah.kepala }}</butir>", "{{ daerah.kepal }}</butir>",
     "has no attribute 'kepal'", "daerah.kepal }}</butir>"),
]


@pytest.mark.parametrize("rel, old, new, expected, needle", BAD,
                         ids=[b[3][:30] for b in BAD])
def test_bad_input_is_reported_with_place_and_nothing_is_written(workspace, rel, old, new, expected, needle):
    assert invoke("render", "perkada", "63.01", "-f", "json", ws=workspace).exit_code == 0
    before = tree_bytes(workspace / "output")
    edit(workspace, rel, old, new)
    result = invoke("build", "-f", "json", ws=workspace)
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert "nothing was written" in result.stderr
    where = rel if not rel.startswith("templates/") else "templates/perkada.xml.j2"
    assert where in result.stderr
    if needle:
        assert f"{where}:{_line_of(workspace, rel, needle)}" in result.stderr
    assert tree_bytes(workspace / "output") == before


def test_all_problems_are_reported_at_once(workspace):
    edit(workspace, TANAH_LAUT, "ibu_kota: Pelaihari", "ibu_kotta: Pelaihari")
    edit(workspace, "config/regions/62/62.71-palangka-raya.yaml", "sasaran:", "sasaran: -")
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    assert "63.01-tanah-laut.yaml" in result.stderr and "62.71-palangka-raya.yaml" in result.stderr


def test_yaml_alias_bomb_is_refused(workspace):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    (workspace / TANAH_LAUT).write_text(bomb)
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1
    assert "too many values" in result.stderr


def test_registered_cannot_exceed_total(workspace):
    edit(workspace, TANAH_LAUT, "terdaftar: 3294", "terdaftar: 999999")
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1 and "greater than jumlah" in result.stderr
    assert f"{TANAH_LAUT}:{_line_of(workspace, TANAH_LAUT, 'terdaftar: 999999')}" in result.stderr


def test_exported_schema_validates_the_sample_files(workspace, tmp_path):
    import jsonschema
    result = invoke("schema", "-o", str(tmp_path / "schema"))
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "schema" / "region.json").read_text())
    files = sorted((workspace / "config" / "regions").glob("*/*.yaml"))
    assert len(files) == 29
    def as_json(path):  # what an editor's YAML language server sees: dates as strings
        return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))

    for f in files:
        jsonschema.validate(as_json(f), schema)
    bad = as_json(workspace / TANAH_LAUT)
    bad["jenis"] = "desa"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    lib = json.loads((tmp_path / "schema" / "legal-bases.json").read_text())
    jsonschema.validate(as_json(workspace / "config/legal-bases.yaml"), lib)


def test_shipped_schema_files_are_current(tmp_path):
    invoke("schema", "-o", str(tmp_path))
    for f in sorted(tmp_path.glob("*.json")):
        assert (ROOT / "config" / "schema" / f.name).read_text() == f.read_text(), \
            f"config/schema/{f.name} is stale: run `naskah schema -o config/schema`"


def test_a_huge_data_file_is_refused_before_parsing(workspace):
    (workspace / TANAH_LAUT).write_text("kode: '63.01'\n" + "# padding\n" * 300_000)
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1 and "more than the" in result.stderr and TANAH_LAUT in result.stderr


def test_check_json_lists_problems_for_machines(workspace):
    edit(workspace, TANAH_LAUT, "ibu_kota: Pelaihari", "ibu_kotta: Pelaihari")
    result = invoke("check", "--json", ws=workspace)
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    errors = {p["path"]: p for p in problems if p["severity"] == "error"}
    assert set(errors) == {"ibu_kota", "ibu_kotta"}
    p = errors["ibu_kotta"]
    assert p["where"] == f"{TANAH_LAUT}:{_line_of(workspace, TANAH_LAUT, 'ibu_kotta')}:12"
    assert p["message"] == "unknown field" and p["hint"] == "did you mean 'ibu_kota'?"


WORD = "templates/styles/naskah.word.yaml"
FONT = "templates/styles/fonts/texgyrebonum-bold.otf"


@pytest.mark.parametrize("breakage, message", [
    ("delete", f"{WORD}: font file {FONT}: does not exist"),
    ("garble", f"{WORD}: font file {FONT} is not an OpenType or TrueType font"),
    ("truncate", f"{WORD}: font file {FONT} is not an OpenType or TrueType font"),
    ("outside", f"{WORD}: font file templates/styles/../../../x.otf: must be a path inside the workspace"),
])
def test_a_missing_or_broken_font_file_is_named_by_check_and_build(workspace, breakage, message):
    font = workspace / FONT
    if breakage == "delete":
        font.unlink()
    elif breakage == "garble":
        font.write_text("<html>not a font</html>")
    elif breakage == "truncate":
        font.write_bytes(font.read_bytes()[:4000])
    else:
        edit(workspace, WORD, "bold: fonts/texgyrebonum-bold.otf", "bold: ../../../x.otf")
    for command in ("check", "build"):
        result = invoke(command, ws=workspace)
        assert result.exit_code == 1, (command, result.output)
        assert message in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.output
    assert tree_bytes(workspace / "output") == {}


@pytest.mark.parametrize("css", [
    'html { font-family: "Bookman Old Style", serif; }',        # looked up on the machine
    '.teks { background: url("file:///etc/hostname"); }',        # the PDF fetches nothing
])
def test_css_naming_a_machine_font_or_fetching_anything_is_refused(workspace, css):
    with open(workspace / "templates/styles/laporan.css", "a") as handle:
        handle.write(css + "\n")
    result = invoke("check", ws=workspace)
    assert result.exit_code == 1 and "templates/styles/laporan.css" in result.stderr, result.stderr
