// multipart/form-data bodies of the upload forms (web/multipart.hpp): untrusted input.
#include "web/multipart.hpp"

#include <gtest/gtest.h>

namespace ismap::web {
namespace {

const std::string kBody =
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
    "abc\r\n"
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
    "二行の\r\n文\r\n"
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"言明書 \\\"v1\\\".csv\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "a,b\r\n1,2\r\n"
    "--b0undary\r\n"
    "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n"
    "\r\n"
    "--b0undary--\r\n";

TEST(MultipartTest, BoundaryComesFromTheContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=b0undary"), "b0undary");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_EQ(MultipartBoundary("application/x-www-form-urlencoded"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
}

TEST(MultipartTest, ParsesFieldsAndFiles) {
  auto form = ParseMultipart("b0undary", kBody);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->fields.Get("csrf_token"), "abc");
  EXPECT_EQ(form->fields.Get("note"), "二行の\r\n文");
  const FilePart* file = form->File("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->file_name, "言明書 \"v1\".csv");
  EXPECT_EQ(file->content_type, "text/csv");
  EXPECT_EQ(file->bytes, "a,b\r\n1,2");
  EXPECT_EQ(form->File("empty"), nullptr);  // no file chosen
  EXPECT_EQ(form->File("missing"), nullptr);
}

TEST(MultipartTest, RefusesMalformedBodies) {
  EXPECT_FALSE(ParseMultipart("b0undary", "no delimiter at all"));
  EXPECT_FALSE(ParseMultipart("b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"));
  EXPECT_FALSE(ParseMultipart("b0undary", "--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--"));
  EXPECT_FALSE(ParseMultipart("b0undary",
                              "--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--b0undary--"));
  EXPECT_FALSE(ParseMultipart("", kBody));
}

}  // namespace
}  // namespace ismap::web
