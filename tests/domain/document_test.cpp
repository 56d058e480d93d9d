// Documents: classification text, file names, subjects, and when a declared type agrees with the
// sniffed one (the table below is the rule).
#include "domain/document.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/result_matchers.hpp"
#include "tests/support/sample_files.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

TEST(ClassificationTest, RoundTripsThroughText) {
  for (const auto c : {Classification::kPublic, Classification::kRestricted, Classification::kConfidential}) {
    EXPECT_EQ(ClassificationFromString(ToString(c)), c);
  }
  EXPECT_EQ(ToString(Classification::kConfidential), "confidential");
  EXPECT_EQ(ClassificationFromString("secret"), std::nullopt);
  EXPECT_EQ(ClassificationFromString("Public"), std::nullopt);
}

TEST(DocumentTest, FileNamesArePlainNames) {
  for (const char* good : {"report.pdf", "監査報告書 2026年度.xlsx", "a", "name with (brackets) & more.docx", ".env"}) {
    EXPECT_THAT(CheckFileName(good), IsOk()) << good;
  }
  const std::string too_long(256, 'a');
  for (const std::string& bad : {std::string(), too_long, std::string("../etc/passwd"), std::string("dir/file.pdf"),
                                 std::string("C:\\x\\file.pdf"), std::string("."), std::string(".."),
                                 std::string("bad\nname.pdf"), std::string("tab\there"), std::string("\xff\xfe.pdf"),
                                 std::string(" leading.pdf"), std::string("trailing.pdf "), std::string("dot."),
                                 std::string("rlo\u202Efdp.exe"), std::string("nul\0x.pdf", 9)}) {
    EXPECT_THAT(CheckFileName(bad), HasErrorReason(core::ErrorCode::kInvalidArgument, "document.bad_file_name")) << bad;
  }
}

TEST(DocumentTest, SubjectsAreKindSlashId) {
  for (const char* good : {"audit_body_application/12", "cloud_service/abc-1.2_x", "a/1"}) {
    EXPECT_THAT(CheckSubject(good), IsOk()) << good;
  }
  for (const char* bad : {"", "no-slash", "/12", "kind/", "Kind/1", "1kind/1", "kind/a/b", "kind/a b", "kind/é"}) {
    EXPECT_THAT(CheckSubject(bad), HasErrorReason(core::ErrorCode::kInvalidArgument, "document.bad_subject")) << bad;
  }
  EXPECT_EQ(SubjectKind("audit_body_application/12"), "audit_body_application");
  EXPECT_EQ(SubjectId("audit_body_application/12"), "12");
}

TEST(DocumentTest, EssenceAndExtension) {
  EXPECT_EQ(EssenceOf(" Text/CSV ; charset=utf-8"), "text/csv");
  EXPECT_EQ(EssenceOf(""), "");
  EXPECT_EQ(ExtensionOf("a.b.PDF"), "pdf");
  EXPECT_EQ(ExtensionOf(".env"), "");
  EXPECT_EQ(ExtensionOf("noext"), "");
  EXPECT_EQ(MediaTypeForExtension("x.JPEG"), kJpeg);
  EXPECT_EQ(MediaTypeForExtension("x.exe"), std::nullopt);
}

struct TypeCase {
  const char* declared;
  const char* file_name;
  const char* sniffed;
  const char* want;  // the stored type, or the error reason
};

TEST(DocumentTest, DeclaredTypeMustAgreeWithContentAndName) {
  const auto& allowed = DefaultAllowedMediaTypes();
  const TypeCase cases[] = {
      {"application/pdf", "a.pdf", "application/pdf", kPdf},
      {"Application/PDF; name=x", "a.PDF", "application/pdf", kPdf},
      {"image/png", "a.png", "image/png", kPng},
      {"image/jpeg", "a.jpg", "image/jpeg", kJpeg},
      {"image/jpeg", "a.jpeg", "image/jpeg", kJpeg},
      {kXlsx, "a.xlsx", kXlsx, kXlsx},
      {kXlsx, "a.xlsx", "application/zip", kXlsx},
      {kDocx, "a.docx", "application/zip", kDocx},
      {"text/csv", "a.csv", "text/csv", kCsv},
      {"text/csv", "a.csv", "text/plain", kCsv},
      {"text/plain", "notes.txt", "text/plain", kPlainText},
      {"text/plain", "README", "text/plain", kPlainText},
      {"text/plain", "data.csv", "text/csv", kPlainText},
      {"application/json", "a.json", "application/json", kJson},
      {"application/json", "a.json", "text/plain", kJson},
      // No declared type: the extension declares it.
      {"", "a.pdf", "application/pdf", kPdf},
      {"application/octet-stream", "a.xlsx", "application/zip", kXlsx},
      {"", "noext", "application/pdf", "document.type_not_allowed"},
      // Declared types that are not accepted.
      {"text/html", "a.html", "text/html", "document.type_not_allowed"},
      {"application/zip", "a.zip", "application/zip", "document.type_not_allowed"},
      // Content that is not accepted, whatever the declaration.
      {"application/pdf", "a.pdf", "application/x-dosexec", "document.type_not_allowed"},
      {"text/plain", "a.txt", "text/html", "document.type_not_allowed"},
      // Accepted content of another type than declared.
      {"application/pdf", "a.pdf", "image/png", "document.type_mismatch"},
      {"image/png", "a.png", "text/plain", "document.type_mismatch"},
      {kXlsx, "a.xlsx", kDocx, "document.type_mismatch"},
      {"application/pdf", "a.pdf", "application/zip", "document.type_mismatch"},
      // A name that says otherwise.
      {"image/png", "report.pdf", "image/png", "document.type_mismatch"},
      {kXlsx, "a.docx", "application/zip", "document.type_mismatch"},
      {kXlsx, "a.zip", "application/zip", "document.type_mismatch"},
      {kXlsx, "sheet", "application/zip", "document.type_mismatch"},
      {"application/json", "a.pdf", "application/json", "document.type_mismatch"},
  };
  for (const auto& c : cases) {
    auto got = AgreeMediaType(c.declared, c.file_name, c.sniffed, allowed);
    const std::string want = c.want;
    if (want.rfind("document.", 0) == 0) {
      EXPECT_THAT(got, HasErrorReason(core::ErrorCode::kInvalidArgument, want))
          << c.declared << " " << c.file_name << " " << c.sniffed;
    } else {
      ASSERT_THAT(got, IsOk()) << c.declared << " " << c.file_name << " " << c.sniffed;
      EXPECT_EQ(*got, want) << c.declared << " " << c.file_name << " " << c.sniffed;
    }
  }
}

TEST(DocumentTest, TheAllowListIsConfigurable) {
  const std::vector<std::string> only_pdf = {"application/pdf"};
  EXPECT_THAT(AgreeMediaType("application/pdf", "a.pdf", "application/pdf", only_pdf), IsOk());
  EXPECT_THAT(AgreeMediaType("image/png", "a.png", "image/png", only_pdf),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "document.type_not_allowed"));
  const std::vector<std::string> with_gif = {"image/gif", "application/pdf"};
  EXPECT_THAT(AgreeMediaType("image/gif", "anim.gif", "image/gif", with_gif), IsOk());
}

TEST(DocumentTest, AZipIsAnOfficePackageOnlyWithItsParts) {
  const std::string xlsx = ismap::testing::SampleXlsx();
  const std::string docx = ismap::testing::SampleDocx();
  EXPECT_TRUE(HoldsOoxmlParts(xlsx, kXlsx));
  EXPECT_TRUE(HoldsOoxmlParts(docx, kDocx));
  EXPECT_FALSE(HoldsOoxmlParts(xlsx, kDocx));
  EXPECT_FALSE(HoldsOoxmlParts(docx, kXlsx));
  EXPECT_FALSE(HoldsOoxmlParts(ismap::testing::SamplePlainZip(), kXlsx));
  // The folder's name inside a file's data is not an entry.
  EXPECT_FALSE(HoldsOoxmlParts(ismap::testing::StoredZip({{"[Content_Types].xml", "see xl/workbook.xml"}}), kXlsx));
  EXPECT_FALSE(HoldsOoxmlParts(xlsx, kPdf));
}

TEST(DocumentTest, SizeMustBeOneByteToTheLimit) {
  EXPECT_THAT(CheckDocumentSize(0, 10), HasErrorReason(core::ErrorCode::kInvalidArgument, "document.empty"));
  EXPECT_THAT(CheckDocumentSize(1, 10), IsOk());
  EXPECT_THAT(CheckDocumentSize(10, 10), IsOk());
  EXPECT_THAT(CheckDocumentSize(11, 10), HasErrorReason(core::ErrorCode::kInvalidArgument, "document.too_large"));
  EXPECT_EQ(kDefaultMaxDocumentBytes, 20U * 1024 * 1024);
}

}  // namespace
}  // namespace ismap::domain
