// ismap_tabular: CSV and XLSX round trips with Japanese text, Excel's quirks (BOM, Shift_JIS,
// furigana runs, sparse cells), and refusal of broken or hostile files with a message naming where.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tabular/csv.hpp"
#include "tabular/table.hpp"
#include "tabular/xlsx.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::tabular {
namespace {

using ::ismap::testing::HasErrorReason;
using ::ismap::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;
constexpr auto kInvalid = core::ErrorCode::kInvalidArgument;

// 1,201 rows by 30 columns (so references reach "AD"): Japanese text, commas, quotes, line breaks,
// spaces at the ends, empty cells and formula-like text. The last column is never empty, so that
// XLSX (where an empty cell is no cell) reads back the same rows.
Table BigTable(std::string name) {
  Table table{std::move(name), {}};
  std::vector<std::string> header;
  for (int c = 0; c < 30; ++c) {
    header.push_back("列" + std::to_string(c + 1));
  }
  table.rows.push_back(header);
  const std::vector<std::string> kinds = {"、カンマ,あり",      "引用\"符\"付き", "改行\nあり\r\n二行目", "",
                                          " 先頭と末尾の空白 ", "=SUM(A1)"};
  for (int r = 0; r < 1200; ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < 29; ++c) {
      const std::size_t kind = static_cast<std::size_t>(c) % (kinds.size() + 1);
      row.push_back(kind == kinds.size() ? std::to_string(r * c) : kinds[kind]);
    }
    row[0] = "管理策 " + std::to_string(r) + row[0];
    row.push_back("末尾" + std::to_string(r));
    table.rows.push_back(std::move(row));
  }
  return table;
}

// A ZIP archive of the given (name, content) entries, built in memory with libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    ADD_FAILURE() << zip_error_strerror(&error);
    return {};
  }
  for (const auto& [name, content] : entries) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0) << zip_strerror(zip);
  }
  EXPECT_EQ(zip_close(zip), 0);
  EXPECT_EQ(zip_source_open(buffer), 0);
  zip_source_seek(buffer, 0, SEEK_END);
  std::string bytes(static_cast<std::size_t>(zip_source_tell(buffer)), '\0');
  zip_source_seek(buffer, 0, SEEK_SET);
  EXPECT_EQ(zip_source_read(buffer, bytes.data(), bytes.size()), static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// One entry of a ZIP archive, or "" if it is missing.
std::string ZipEntry(const std::string& bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (zip == nullptr) {
    zip_source_free(source);
    return {};
  }
  std::string content;
  if (zip_file_t* file = zip_fopen(zip, name.c_str(), 0)) {
    char chunk[4096];
    zip_int64_t n = 0;
    while ((n = zip_fread(file, chunk, sizeof chunk)) > 0) {
      content.append(chunk, static_cast<std::size_t>(n));
    }
    zip_fclose(file);
  }
  zip_discard(zip);
  return content;
}

constexpr char kMainNs[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelNs[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string WorkbookXml(const std::string& sheets) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"") + kMainNs +
         "\" xmlns:r=\"" + kRelNs + "\"><sheets>" + sheets + "</sheets></workbook>";
}

std::string RelsXml(const std::string& relationships) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
         "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
         relationships + "</Relationships>";
}

std::string Rel(const std::string& id, const std::string& type, const std::string& target) {
  return "<Relationship Id=\"" + id + "\" Type=\"" + kRelNs + "/" + type + "\" Target=\"" + target + "\"/>";
}

std::string SheetXml(const std::string& sheet_data) {
  return std::string("<worksheet xmlns=\"") + kMainNs + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

// A workbook with one sheet "S" whose <sheetData> is given, and optional shared strings.
std::string OneSheetXlsx(const std::string& sheet_data, const std::string& shared_strings = "") {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"xl/workbook.xml", WorkbookXml(R"(<sheet name="S" sheetId="1" r:id="rId1"/>)")},
      {"xl/_rels/workbook.xml.rels", RelsXml(Rel("rId1", "worksheet", "worksheets/sheet1.xml"))},
      {"xl/worksheets/sheet1.xml", SheetXml(sheet_data)}};
  if (!shared_strings.empty()) {
    entries.emplace_back("xl/sharedStrings.xml",
                         std::string("<sst xmlns=\"") + kMainNs + "\">" + shared_strings + "</sst>");
  }
  return MakeZip(entries);
}

// --- Table -------------------------------------------------------------------------------------

TEST(TableTest, FindColumnTrimsAsciiAndIdeographicSpaces) {
  const Table table{"", {{"ID", "\xe3\x80\x80管理策番号 ", "名称"}}};
  EXPECT_EQ(FindColumn(table, "管理策番号"), 1U);
  EXPECT_EQ(FindColumn(table, " 名称"), 2U);
  EXPECT_EQ(FindColumn(table, "id"), std::nullopt);  // case-sensitive
  EXPECT_EQ(FindColumn(table, "ID", 1), std::nullopt);
}

TEST(TableTest, CellAtIsEmptyOutsideRaggedRows) {
  const Table table{"", {{"a", "b"}, {"c"}}};
  EXPECT_EQ(CellAt(table, 0, 1), "b");
  EXPECT_EQ(CellAt(table, 1, 1), "");
  EXPECT_EQ(CellAt(table, 5, 0), "");
}

// --- CSV ---------------------------------------------------------------------------------------

TEST(CsvTest, RoundTripsJapaneseQuotesNewlinesAndEmptyCells) {
  const Table table = BigTable("");
  auto read = ReadCsv(WriteCsv(table));
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->rows, table.rows);
  auto lf = ReadCsv(WriteCsv(table, {.bom = false, .line_end = "\n"}));
  ASSERT_THAT(lf, IsOk());
  EXPECT_EQ(lf->rows, table.rows);
}

TEST(CsvTest, WritesBomCrlfAndQuotesOnlyWhereNeeded) {
  const Table table{"", {{"a", "b,c", "d\"e"}, {" lead", "", "x\ny"}, {}, {""}, {"政府"}}};
  EXPECT_EQ(WriteCsv(table),
            "\xef\xbb\xbf"
            "a,\"b,c\",\"d\"\"e\"\r\n\" lead\",,\"x\ny\"\r\n\"\"\r\n\"\"\r\n政府\r\n");
  EXPECT_EQ(WriteCsv(Table{"", {{"a", "b"}}}, {.bom = false, .line_end = "\n"}), "a,b\n");
}

TEST(CsvTest, EscapesFormulasOnlyWhenAsked) {
  const Table table{"", {{"=1+2", "+x", "-5", "@a", "\tt", "ok", "a=b"}}};
  EXPECT_EQ(WriteCsv(table, {.bom = false}), "=1+2,+x,-5,@a,\"\tt\",ok,a=b\r\n");
  EXPECT_EQ(WriteCsv(table, {.bom = false, .escape_formulas = true}), "'=1+2,'+x,'-5,'@a,'\tt,ok,a=b\r\n");
}

TEST(CsvTest, ReadsCrlfLfBomSpacesAndBlankLinesAlike) {
  const Rows expected = {{"番号", "名称"}, {" 1 ", ""}, {"2", "最後"}};
  for (const std::string input : {"番号,名称\r\n 1 ,\r\n\r\n2,最後\r\n", "番号,名称\n 1 ,\n\n2,最後",
                                  "\xef\xbb\xbf番号,名称\r\n 1 ,\r\n2,最後"}) {
    auto table = ReadCsv(input);
    ASSERT_THAT(table, IsOk()) << input;
    EXPECT_EQ(table->rows, expected) << input;
  }
  auto empty = ReadCsv("\xef\xbb\xbf");
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->rows.empty());
}

TEST(CsvTest, UnterminatedQuoteNamesTheLineWhereItOpens) {
  auto table = ReadCsv("a,b\r\nc,\"open\r\nmore,stuff\r\n");
  ASSERT_THAT(table, HasErrorReason(kInvalid, "tabular.csv_unterminated_quote"));
  EXPECT_THAT(table.error().message, HasSubstr("line 2, column 3: field 2"));

  auto after_blank_lines = ReadCsv("a\n\n\n\"x\n");
  ASSERT_THAT(after_blank_lines, HasErrorReason(kInvalid, "tabular.csv_unterminated_quote"));
  EXPECT_THAT(after_blank_lines.error().message, HasSubstr("line 4, column 1"));
}

TEST(CsvTest, StrayQuotesNameLineColumnAndField) {
  auto inside = ReadCsv("名前,b\n管理,d\"e\n");
  ASSERT_THAT(inside, HasErrorReason(kInvalid, "tabular.csv_bad_quote"));
  EXPECT_THAT(inside.error().message, HasSubstr("line 2, column 5: field 2: a quote inside an unquoted field"));

  auto after = ReadCsv("\"ab\"c,d");
  ASSERT_THAT(after, HasErrorReason(kInvalid, "tabular.csv_bad_quote"));
  EXPECT_THAT(after.error().message, HasSubstr("line 1, column 5: field 1: text after a closing quote"));
}

TEST(CsvTest, RefusesInvalidUtf8WithLineAndHint) {
  auto table = ReadCsv("名前\nab\xc3(");
  ASSERT_THAT(table, HasErrorReason(kInvalid, "tabular.csv_invalid_utf8"));
  EXPECT_THAT(table.error().message, HasSubstr("line 2, column 3"));
  EXPECT_THAT(table.error().message, HasSubstr("UTF-8"));
}

TEST(CsvTest, RefusesShiftJisAskingForUtf8) {
  // "管理策,番号\r\nAC-1,ｱｲｳ\r\n" as Excel saves "CSV (comma delimited)" on Japanese Windows.
  const std::string sjis =
      "\x8a\xc7\x97\x9d\x8d\xf4,\x94\xd4\x8d\x86\r\n"
      "AC-1,\xb1\xb2\xb3\r\n";
  auto table = ReadCsv(sjis);
  ASSERT_THAT(table, HasErrorReason(kInvalid, "tabular.csv_shift_jis"));
  EXPECT_THAT(table.error().message, HasSubstr("Shift_JIS"));
  EXPECT_THAT(table.error().message, HasSubstr("CSV UTF-8"));
  EXPECT_THAT(table.error().message, HasSubstr("line 1, column 1"));
}

TEST(CsvTest, RefusesWhatIsNotCsvText) {
  EXPECT_THAT(ReadCsv(std::string("\xff\xfe"
                                  "a\0,\0",
                                  6)),
              HasErrorReason(kInvalid, "tabular.csv_not_text"));
  EXPECT_THAT(ReadCsv(std::string("a,b\n\0", 5)), HasErrorReason(kInvalid, "tabular.csv_not_text"));
  EXPECT_THAT(ReadCsv(MakeZip({{"a.txt", "a"}})), HasErrorReason(kInvalid, "tabular.csv_not_text"));
}

TEST(CsvTest, RefusesMoreCellsThanAllowed) {
  EXPECT_THAT(ReadCsv("a,b\nc,d\n", {.max_cells = 3}), HasErrorReason(kInvalid, "tabular.csv_too_many_cells"));
  EXPECT_THAT(ReadCsv("a,b\nc,d", {.max_cells = 3}), HasErrorReason(kInvalid, "tabular.csv_too_many_cells"));
  EXPECT_THAT(ReadCsv("a,b\nc,d\n", {.max_cells = 4}), IsOk());
}

// --- XLSX --------------------------------------------------------------------------------------

TEST(XlsxTest, ColumnNames) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(701), "ZZ");
  EXPECT_EQ(ColumnName(702), "AAA");
  EXPECT_EQ(ColumnName(16383), "XFD");
}

TEST(XlsxTest, RoundTripsSheetsInOrderWithJapaneseText) {
  const std::vector<Table> tables = {
      BigTable("管理策一覧"),
      Table{"Notes", {{"見出し", "", "C列"}, {}, {"", "制御文字\x01と_x0041_と\ttab"}}},
      Table{"空", {}},
  };
  auto bytes = WriteXlsx(tables);
  ASSERT_THAT(bytes, IsOk());
  auto read = ReadXlsx(*bytes);
  ASSERT_THAT(read, IsOk());
  ASSERT_EQ(read->size(), 3U);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    EXPECT_EQ((*read)[i].name, tables[i].name);
    EXPECT_EQ((*read)[i].rows, tables[i].rows) << tables[i].name;
  }
}

TEST(XlsxTest, WritesBoldFrozenHeaderAndColumnWidths) {
  auto bytes = WriteXlsx({Table{"S", {{"管理策番号", "名称"}, {"1", "とても長い日本語の名称がここに入ります"}}}});
  ASSERT_THAT(bytes, IsOk());
  const std::string sheet = ZipEntry(*bytes, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet, HasSubstr("ySplit=\"1\""));
  EXPECT_THAT(sheet, HasSubstr("state=\"frozen\""));
  EXPECT_THAT(sheet, HasSubstr("<c r=\"A1\" s=\"1\" t=\"s\">"));
  EXPECT_THAT(sheet, HasSubstr("<c r=\"B2\" t=\"s\">"));
  EXPECT_THAT(sheet, HasSubstr("<col min=\"2\" max=\"2\" width=\"40."));  // 19 wide characters + 2
  EXPECT_THAT(ZipEntry(*bytes, "xl/styles.xml"), HasSubstr("<b/>"));
}

TEST(XlsxTest, WriteLeavesNoTemporaryFile) {
  ismap::testing::TempDir dir;
  ASSERT_THAT(WriteXlsx({Table{"S", {{"a"}}}}, {.temp_dir = dir.path().string()}), IsOk());
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  EXPECT_THAT(WriteXlsx({Table{"S", {{"a"}}}}, {.temp_dir = dir.File("missing")}),
              HasErrorReason(core::ErrorCode::kInternal, "tabular.xlsx_write_failed"));
}

TEST(XlsxTest, WriteValidatesSheetNames) {
  std::string name31;
  for (int i = 0; i < 31; ++i) {
    name31 += "あ";
  }
  EXPECT_THAT(WriteXlsx({Table{name31, {}}}), IsOk());
  EXPECT_THAT(WriteXlsx({Table{name31 + "あ", {}}}), HasErrorReason(kInvalid, "tabular.xlsx_bad_sheet_name"));
  EXPECT_THAT(WriteXlsx({Table{"一覧", {}}, Table{"一覧", {}}}),
              HasErrorReason(kInvalid, "tabular.xlsx_duplicate_sheet"));
  EXPECT_THAT(WriteXlsx({Table{"List", {}}, Table{"LIST", {}}}),
              HasErrorReason(kInvalid, "tabular.xlsx_duplicate_sheet"));
  for (const std::string bad : {"", "a/b", "[x]", "'quoted'", "History"}) {
    EXPECT_THAT(WriteXlsx({Table{bad, {}}}), HasErrorReason(kInvalid, "tabular.xlsx_bad_sheet_name")) << bad;
  }
  EXPECT_THAT(WriteXlsx({}), HasErrorReason(kInvalid, "tabular.xlsx_no_sheets"));
  EXPECT_THAT(WriteXlsx({Table{"S", {{"ok", "\xff"}}}}), HasErrorReason(kInvalid, "tabular.xlsx_bad_cell"));
}

// A workbook as Japanese Excel writes it, by hand: sheets listed out of file order, a chart sheet,
// shared strings with rich-text runs and furigana (<rPh>), a namespace prefix, sparse cells, an
// inline string, booleans, numbers, an error, a formula, styled blank cells and rows without "r".
TEST(XlsxTest, ReadsHandWrittenWorkbookIgnoringFurigana) {
  const std::string shared =
      std::string("<sst xmlns=\"") + kMainNs + "\" count=\"4\" uniqueCount=\"4\">" +
      "<si><t>管理策番号</t></si>"
      "<si><r><rPr><b/></rPr><t>情報</t></r><r><t xml:space=\"preserve\">セキュリティ </t></r>"
      "<rPh sb=\"0\" eb=\"2\"><t>ジョウホウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
      "<si><t>統制</t><rPh sb=\"0\" eb=\"2\"><t>トウセイ</t></rPh><phoneticPr fontId=\"1\"/></si>"
      "<si><t>a_x000D_\nb _x005F_x0041_</t></si></sst>";
  const std::string controls =
      std::string("<x:worksheet xmlns:x=\"") + kMainNs + "\"><x:sheetData>" +
      "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
      "<x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"AB1\" t=\"s\"><x:v>2</x:v></x:c></x:row>"
      "<x:row r=\"3\"><x:c r=\"A3\" t=\"inlineStr\"><x:is><x:r><x:t>イン</x:t></x:r>"
      "<x:r><x:t>ライン</x:t></x:r><x:rPh sb=\"0\" eb=\"1\"><x:t>イ</x:t></x:rPh></x:is></x:c>"
      "<x:c r=\"B3\" t=\"b\"><x:v>1</x:v></x:c><x:c r=\"C3\" t=\"b\"><x:v>0</x:v></x:c>"
      "<x:c r=\"D3\"><x:v>3.14</x:v></x:c><x:c r=\"E3\" t=\"n\"><x:v>45000</x:v></x:c>"
      "<x:c r=\"F3\" t=\"e\"><x:v>#N/A</x:v></x:c>"
      "<x:c r=\"G3\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>管理策番号x</x:v></x:c>"
      "<x:c r=\"H3\" s=\"1\"/><x:c r=\"I3\" t=\"s\"><x:v>3</x:v></x:c></x:row>"
      "<x:row r=\"4\"><x:c r=\"A4\" s=\"2\"/></x:row>"
      "<x:row><x:c t=\"s\"><x:v>2</x:v></x:c><x:c><x:v>7</x:v></x:c></x:row>"
      "<x:row r=\"9\" spans=\"1:2\"/></x:sheetData></x:worksheet>";
  const std::string bytes = MakeZip({
      {"[Content_Types].xml", "<Types/>"},
      {"xl/workbook.xml", WorkbookXml(R"(<sheet name="管理策" sheetId="1" r:id="rId2"/>)"
                                      R"(<sheet name="グラフ" sheetId="3" r:id="rId3"/>)"
                                      R"(<sheet name="メモ" sheetId="2" r:id="rId1"/>)")},
      {"xl/_rels/workbook.xml.rels", RelsXml(Rel("rId1", "worksheet", "worksheets/sheet1.xml") +
                                             Rel("rId2", "worksheet", "/xl/worksheets/sheet2.xml") +
                                             Rel("rId3", "chartsheet", "chartsheets/sheet1.xml") +
                                             Rel("rId4", "sharedStrings", "sharedStrings.xml"))},
      {"xl/sharedStrings.xml", shared},
      {"xl/worksheets/sheet1.xml", SheetXml(R"(<row r="2"><c r="B2" t="inlineStr"><is><t>メモ</t></is></c></row>)")},
      {"xl/worksheets/sheet2.xml", controls},
  });
  auto read = ReadXlsx(bytes);
  ASSERT_THAT(read, IsOk());
  ASSERT_EQ(read->size(), 2U);
  const Table& sheet = (*read)[0];
  EXPECT_EQ(sheet.name, "管理策");
  ASSERT_EQ(sheet.rows.size(), 5U);
  std::vector<std::string> first(28);
  first[0] = "管理策番号";
  first[2] = "情報セキュリティ ";
  first[27] = "統制";
  EXPECT_EQ(sheet.rows[0], first);
  EXPECT_TRUE(sheet.rows[1].empty());
  EXPECT_THAT(sheet.rows[2],
              ElementsAre("インライン", "TRUE", "FALSE", "3.14", "45000", "#N/A", "管理策番号x", "", "a\r\nb _x0041_"));
  EXPECT_TRUE(sheet.rows[3].empty());
  EXPECT_THAT(sheet.rows[4], ElementsAre("統制", "7"));
  EXPECT_EQ((*read)[1].name, "メモ");
  EXPECT_EQ((*read)[1].rows, (Rows{{}, {"", "メモ"}}));
}

TEST(XlsxTest, RefusesWhatIsNotAWorkbook) {
  EXPECT_THAT(ReadXlsx("管理策,番号\r\n"), HasErrorReason(kInvalid, "tabular.xlsx_not_zip"));
  EXPECT_THAT(ReadXlsx(""), HasErrorReason(kInvalid, "tabular.xlsx_not_zip"));
  EXPECT_THAT(ReadXlsx(std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 12)),
              HasErrorReason(kInvalid, "tabular.xlsx_legacy_xls"));
  auto no_workbook = ReadXlsx(MakeZip({{"word/document.xml", "<w/>"}}));
  ASSERT_THAT(no_workbook, HasErrorReason(kInvalid, "tabular.xlsx_missing_part"));
  EXPECT_THAT(no_workbook.error().message, HasSubstr("xl/workbook.xml"));
  auto no_sheet = ReadXlsx(MakeZip({{"xl/workbook.xml", WorkbookXml(R"(<sheet name="S" sheetId="1" r:id="rId1"/>)")},
                                    {"xl/_rels/workbook.xml.rels", RelsXml(Rel("rId1", "worksheet", "sheet9.xml"))}}));
  ASSERT_THAT(no_sheet, HasErrorReason(kInvalid, "tabular.xlsx_missing_part"));
  EXPECT_THAT(no_sheet.error().message, HasSubstr("sheet \"S\" (xl/sheet9.xml)"));
}

TEST(XlsxTest, RefusesAnEntryOverTheSizeLimit) {
  // 8 MiB of whitespace deflates to a few KiB: a small zip bomb.
  const std::string bytes = OneSheetXlsx(std::string(8 << 20, ' ') + R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
  ASSERT_LT(bytes.size(), 64U << 10);
  EXPECT_THAT(ReadXlsx(bytes), IsOk());
  auto limited = ReadXlsx(bytes, {.max_entry_bytes = 1 << 20});
  ASSERT_THAT(limited, HasErrorReason(kInvalid, "tabular.xlsx_entry_too_large"));
  EXPECT_THAT(limited.error().message, HasSubstr("sheet \"S\" (xl/worksheets/sheet1.xml)"));
  EXPECT_THAT(ReadXlsx(bytes, {.max_total_bytes = 1 << 20}), HasErrorReason(kInvalid, "tabular.xlsx_entry_too_large"));
}

TEST(XlsxTest, RefusesMoreCellsThanAllowedCountingGaps) {
  const std::string far = OneSheetXlsx(R"(<row r="100"><c r="Z100"><v>1</v></c></row>)");
  EXPECT_THAT(ReadXlsx(far, {.max_cells = 126}), IsOk());
  auto refused = ReadXlsx(far, {.max_cells = 125});
  ASSERT_THAT(refused, HasErrorReason(kInvalid, "tabular.xlsx_too_many_cells"));
  EXPECT_THAT(refused.error().message, HasSubstr("cell Z100"));
  EXPECT_THAT(ReadXlsx(OneSheetXlsx("", "<si><t>a</t></si><si><t>b</t></si>"), {.max_cells = 1}),
              HasErrorReason(kInvalid, "tabular.xlsx_too_many_cells"));
}

TEST(XlsxTest, BadCellsNameTheSheetAndCell) {
  auto index = ReadXlsx(OneSheetXlsx(R"(<row r="1"><c r="B1" t="s"><v>1</v></c></row>)", "<si><t>a</t></si>"));
  ASSERT_THAT(index, HasErrorReason(kInvalid, "tabular.xlsx_bad_cell"));
  EXPECT_THAT(index.error().message, HasSubstr("sheet \"S\""));
  EXPECT_THAT(index.error().message, HasSubstr("cell B1: shared string index \"1\" out of range (1 strings)"));
  for (const std::string data :
       {R"(<row r="1"><c r="A0"><v>1</v></c></row>)", R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)",
        R"(<row r="1"><c r="C1" t="b"><v>yes</v></c></row>)", R"(<row r="1"><c r="C1" t="zz"><v>1</v></c></row>)",
        R"(<row r="x"/>)"}) {
    EXPECT_THAT(ReadXlsx(OneSheetXlsx(data)), HasErrorReason(kInvalid, "tabular.xlsx_bad_cell")) << data;
  }
}

TEST(XlsxTest, RefusesMalformedXmlAndDtds) {
  auto malformed = ReadXlsx(OneSheetXlsx(R"(<row r="1"><c r="A1"><v>1</c></row>)"));
  ASSERT_THAT(malformed, HasErrorReason(kInvalid, "tabular.xlsx_bad_xml"));
  EXPECT_THAT(malformed.error().message, HasSubstr("sheet \"S\""));
  const std::string dtd = MakeZip({
      {"xl/workbook.xml", std::string("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook xmlns=\"") +
                              kMainNs + "\">&a;</workbook>"},
      {"xl/_rels/workbook.xml.rels", RelsXml("")},
  });
  auto refused = ReadXlsx(dtd);
  ASSERT_THAT(refused, HasErrorReason(kInvalid, "tabular.xlsx_bad_xml"));
  EXPECT_THAT(refused.error().message, HasSubstr("xl/workbook.xml: a DTD"));
}

}  // namespace
}  // namespace ismap::tabular
