// Profile resolution, feature by feature, on a small inline catalog. The published NIST and FedRAMP
// baselines are in profile_resolver_baselines_test.cpp.
#include "oscal/profile_resolver.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include <map>
#include <string>
#include <vector>

#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"

namespace ismap::oscal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Group a: a1 (with a1.1 > a1.1.1, and a1.2) and a2; group b: b1, b2 (b2 refers to b1's param).
constexpr const char* kCatalog = R"({"catalog": {
  "uuid": "c0000000-0000-4000-8000-000000000000",
  "metadata": {"title": "ABC", "last-modified": "2020-01-01T00:00:00Z", "version": "1", "oscal-version": "1.0.4",
               "roles": [{"id": "keeper", "title": "Keeper", "props": [{"name": "keep", "value": "always"}]},
                         {"id": "other", "title": "Other"}]},
  "params": [{"id": "loose-used", "label": "used"}, {"id": "loose-unused", "label": "unused"},
             {"id": "loose-kept", "label": "kept", "props": [{"name": "keep", "value": "always"}]}],
  "groups": [
    {"id": "a", "title": "Group A", "params": [{"id": "a_prm", "label": "group param"}], "controls": [
      {"id": "a1", "title": "A1", "params": [{"id": "a1_prm", "label": "p", "props": [{"name": "x", "value": "1"}]}],
       "props": [{"name": "label", "value": "A1"}, {"name": "sort-id", "value": "a-01", "class": "sorting"}],
       "links": [{"href": "#10000000-0000-4000-8000-000000000001", "rel": "reference"}],
       "parts": [{"id": "a1_smt", "name": "statement",
                  "prose": "Uses {{ insert: param, a1_prm }} and {{ insert: param, loose-used }}.",
                  "parts": [{"id": "a1_smt.a", "name": "item", "prose": "a"},
                            {"id": "a1_smt.b", "name": "item", "ns": "https://example.org/ns", "prose": "b"}]},
                 {"id": "a1_gdn", "name": "guidance", "prose": "guidance"}],
       "controls": [{"id": "a1.1", "title": "A1 one", "controls": [{"id": "a1.1.1", "title": "A1 one one"}]},
                    {"id": "a1.2", "title": "A1 two"}]},
      {"id": "a2", "title": "A2", "parts": [{"id": "a2_smt", "name": "statement", "prose": "{{ insert: param, a_prm }}"}]}]},
    {"id": "b", "title": "Group B", "controls": [
      {"id": "b1", "title": "B1", "params": [{"id": "b1_prm", "label": "b1"}]},
      {"id": "b2", "title": "B2", "parts": [{"id": "b2_smt", "name": "statement", "prose": "{{ insert: param, b1_prm }}"}]}]}],
  "back-matter": {"resources": [{"uuid": "10000000-0000-4000-8000-000000000001", "title": "R1 from the catalog"},
                                {"uuid": "10000000-0000-4000-8000-000000000002", "title": "R2", "props": [{"name": "keep", "value": "always"}]}]}}})";

std::string Profile(const std::string& body) {
  return R"({"profile": {"uuid": "p0000000-0000-4000-8000-000000000000",
    "metadata": {"title": "Test profile", "last-modified": "2024-01-01T00:00:00Z", "version": "2.0",
                 "oscal-version": "1.1.2"}, )" +
         body + "}}";
}

// Documents by URI; records what was asked.
class Documents {
 public:
  Documents() { texts_["catalog.json"] = kCatalog; }
  void Add(const std::string& uri, const std::string& text) { texts_[uri] = text; }
  DocumentLoader Loader() {
    return [this](const ImportRequest& request) -> core::Result<JsonDocument> {
      requests.push_back(request.uri);
      auto it = texts_.find(request.uri);
      if (it == texts_.end()) {
        return core::Unexpected(core::ErrorCode::kNotFound, "test.not_found", "no such document " + request.uri);
      }
      return JsonDocument::Parse(it->second);
    };
  }
  std::vector<std::string> requests;

 private:
  std::map<std::string, std::string> texts_;
};

std::string Describe(const std::vector<Finding>& issues) {
  std::string out;
  for (const auto& f : issues) {
    out += std::string(f.severity == Finding::Severity::kError ? "error" : "warning") + " [" + f.rule + "] " +
           f.pointer + ": " + f.message + "\n";
  }
  return out;
}

bool Has(const std::vector<Finding>& issues, std::string_view rule, const std::string& pointer,
         Finding::Severity severity) {
  for (const auto& f : issues) {
    if (f.rule == rule && f.pointer == pointer && f.severity == severity) {
      return true;
    }
  }
  return false;
}

// The structure of a catalog: "a1(a1.1) a2 [b: b1]" for controls (children in parentheses) and groups.
std::string Shape(const rapidjson::Value& container) {
  std::string out;
  for (auto it = container.MemberBegin(); it != container.MemberEnd(); ++it) {
    const std::string key = it->name.GetString();
    if ((key != "controls" && key != "groups") || !it->value.IsArray()) {
      continue;
    }
    for (const auto& item : it->value.GetArray()) {
      out += out.empty() ? "" : " ";
      const std::string inner = Shape(item);
      if (key == "controls") {
        out += std::string(item["id"].GetString()) + (inner.empty() ? "" : "(" + inner + ")");
      } else {
        out += "[" + std::string(item.HasMember("id") ? item["id"].GetString() : item["title"].GetString()) + ": " +
               inner + "]";
      }
    }
  }
  return out;
}

const rapidjson::Value* At(const JsonDocument& doc, const char* pointer) {
  return rapidjson::Pointer(pointer).Get(doc.root());
}

std::string Text(const JsonDocument& doc, const char* pointer) {
  const rapidjson::Value* v = At(doc, pointer);
  return v != nullptr && v->IsString() ? v->GetString() : "<missing " + std::string(pointer) + ">";
}

class ProfileResolverTest : public ::testing::Test {
 protected:
  ResolutionResult Resolve(const std::string& profile_body) { return ResolveText(Profile(profile_body)); }
  ResolutionResult ResolveText(const std::string& text) {
    auto profile = JsonDocument::Parse(text);
    EXPECT_TRUE(profile.has_value()) << (profile ? "" : profile.error().message);
    auto result = ResolveProfile(profile->root(), docs_.Loader(), options_);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
    return std::move(result).value();
  }
  std::string ShapeOf(const ResolutionResult& r) { return Shape(r.catalog.root()["catalog"]); }

  Documents docs_;
  ResolveOptions options_;
};

// ---- import: selection ----

TEST_F(ProfileResolverTest, IncludeAllWithoutMergeIsFlatButKeepsNesting) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {}}])");
  EXPECT_TRUE(r.issues.empty()) << Describe(r.issues);
  EXPECT_EQ(ShapeOf(r), "a1(a1.1(a1.1.1) a1.2) a2 b1 b2");
}

TEST_F(ProfileResolverTest, AsIsKeepsGroupsWithTheirContent) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a2", "b1"]}]}],
                      "merge": {"as-is": true})");
  EXPECT_TRUE(r.issues.empty()) << Describe(r.issues);
  EXPECT_EQ(ShapeOf(r), "[a: a2] [b: b1]");
  EXPECT_EQ(Text(r.catalog, "/catalog/groups/0/title"), "Group A");
  EXPECT_EQ(Text(r.catalog, "/catalog/groups/0/params/0/id"), "a_prm");  // a group's own content stays
}

TEST_F(ProfileResolverTest, IncludingAChildIncludesItsAncestorsButNotItsChildren) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1.1"]}]}])");
  EXPECT_EQ(ShapeOf(r), "a1(a1.1)");
}

TEST_F(ProfileResolverTest, WithChildControls) {
  auto yes = Resolve(R"("imports": [{"href": "catalog.json",
                        "include-controls": [{"with-ids": ["a1"], "with-child-controls": "yes"}]}])");
  EXPECT_EQ(ShapeOf(yes), "a1(a1.1(a1.1.1) a1.2)");
  auto no = Resolve(R"("imports": [{"href": "catalog.json",
                       "include-controls": [{"with-ids": ["a1"], "with-child-controls": "no"}]}])");
  EXPECT_EQ(ShapeOf(no), "a1");
}

TEST_F(ProfileResolverTest, MatchingUsesGlobPatterns) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [
                       {"matching": [{"pattern": "?2"}, {"pattern": "a1.1*"}, {"pattern": "z*"}, {}]}]}])");
  EXPECT_EQ(ShapeOf(r), "a1(a1.1(a1.1.1)) a2 b2");
  EXPECT_TRUE(
      Has(r.issues, kRuleEmptyMatch, "/profile/imports/0/include-controls/0/matching/2", Finding::Severity::kWarning))
      << Describe(r.issues);
  EXPECT_TRUE(
      Has(r.issues, kRuleEmptyMatch, "/profile/imports/0/include-controls/0/matching/3", Finding::Severity::kWarning));
}

TEST_F(ProfileResolverTest, ExclusionWinsAndMovesIncludedChildrenUp) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {},
                       "exclude-controls": [{"with-ids": ["a1", "b1", "b2"]}]}], "merge": {"as-is": true})");
  // a1's children take its place; group b holds nothing any more and is dropped.
  EXPECT_EQ(ShapeOf(r), "[a: a1.1(a1.1.1) a1.2 a2]");

  auto subtree =
      Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"matching": [{"pattern": "a*"}]}],
                             "exclude-controls": [{"with-ids": ["a1"], "with-child-controls": "yes"}]}])");
  EXPECT_EQ(ShapeOf(subtree), "a2");
}

TEST_F(ProfileResolverTest, MissingControlIdIsReported) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a2", "zz-9"]}],
                                    "exclude-controls": [{"with-ids": ["yy-1"]}]}])");
  EXPECT_EQ(ShapeOf(r), "a2");
  EXPECT_TRUE(
      Has(r.issues, kRuleUnknownControl, "/profile/imports/0/include-controls/0/with-ids/1", Finding::Severity::kError))
      << Describe(r.issues);
  EXPECT_TRUE(Has(r.issues, kRuleUnknownControl, "/profile/imports/0/exclude-controls/0/with-ids/0",
                  Finding::Severity::kWarning));
  EXPECT_TRUE(HasErrors(r.issues));
}

// ---- import: acquisition ----

TEST_F(ProfileResolverTest, UnresolvableHrefIsAFindingNotAFailure) {
  auto r = Resolve(R"("imports": [{"href": "missing.json", "include-all": {}},
                                   {"href": "catalog.json", "include-controls": [{"with-ids": ["b1"]}]}])");
  EXPECT_TRUE(Has(r.issues, kRuleUnresolvedImport, "/profile/imports/0/href", Finding::Severity::kError))
      << Describe(r.issues);
  EXPECT_THAT(r.issues[0].message, HasSubstr("missing.json"));
  EXPECT_EQ(ShapeOf(r), "b1");
}

TEST_F(ProfileResolverTest, BackMatterReferenceTriesRlinksInOrderThenBase64) {
  // "SGVsbG8=" is not JSON; the base64 of a tiny catalog is below.
  const std::string tiny =
      R"({"catalog":{"uuid":"t","metadata":{"title":"T","last-modified":"2020-01-01T00:00:00Z","version":"1","oscal-version":"1.1.3"},"controls":[{"id":"t1","title":"T1"}]}})";
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  for (std::size_t i = 0; i < tiny.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(tiny[i]) << 16) |
                       (i + 1 < tiny.size() ? static_cast<unsigned char>(tiny[i + 1]) << 8 : 0) |
                       (i + 2 < tiny.size() ? static_cast<unsigned char>(tiny[i + 2]) : 0);
    encoded += kAlphabet[(n >> 18) & 63];
    encoded += kAlphabet[(n >> 12) & 63];
    encoded += i + 1 < tiny.size() ? kAlphabet[(n >> 6) & 63] : '=';
    encoded += i + 2 < tiny.size() ? kAlphabet[n & 63] : '=';
  }
  auto r = Resolve(R"("imports": [{"href": "#cat", "include-controls": [{"with-ids": ["a2"]}]},
                                   {"href": "#b64", "include-all": {}}],
      "back-matter": {"resources": [
        {"uuid": "cat", "rlinks": [{"href": "catalog.xml"}, {"href": "catalog.json"}]},
        {"uuid": "b64", "rlinks": [{"href": "nowhere.json"}], "base64": {"value": ")" +
                   encoded + R"("}}]})");
  EXPECT_FALSE(HasErrors(r.issues)) << Describe(r.issues);
  EXPECT_EQ(ShapeOf(r), "a2 t1");
  EXPECT_THAT(docs_.requests, ElementsAre("catalog.xml", "catalog.json", "nowhere.json"));

  auto missing = Resolve(R"("imports": [{"href": "#nope", "include-all": {}}])");
  EXPECT_TRUE(Has(missing.issues, kRuleUnresolvedImport, "/profile/imports/0/href", Finding::Severity::kError));
}

TEST_F(ProfileResolverTest, HrefsResolveAgainstTheProfileUriAndEachDocumentLoadsOnce) {
  docs_.Add("file:///data/cat/catalog.json", kCatalog);
  options_.base_uri = "file:///data/profiles/p.json";
  auto r = Resolve(R"("imports": [{"href": "../cat/catalog.json", "include-controls": [{"with-ids": ["a2"]}]},
                                   {"href": "../cat/catalog.json", "include-controls": [{"with-ids": ["b1"]}]}])");
  EXPECT_FALSE(HasErrors(r.issues)) << Describe(r.issues);
  EXPECT_EQ(ShapeOf(r), "a2 b1");
  EXPECT_THAT(docs_.requests, ElementsAre("file:///data/cat/catalog.json"));
}

TEST_F(ProfileResolverTest, ImportedProfilesAreResolvedFirst) {
  docs_.Add("base.json",
            Profile(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1", "a2", "b1"]}]}],
      "modify": {"set-parameters": [{"param-id": "a1_prm", "values": ["from base"]}]})"));
  auto r = Resolve(R"("imports": [{"href": "base.json", "include-controls": [{"with-ids": ["a1", "b1", "b2"]}]}])");
  // b2 was not in the base profile's catalog: reported, through the import that asked for it.
  EXPECT_EQ(ShapeOf(r), "a1 b1");
  EXPECT_TRUE(Has(r.issues, kRuleUnknownControl, "/profile/imports/0/include-controls/0/with-ids/2",
                  Finding::Severity::kError));
  EXPECT_EQ(Text(r.catalog, "/catalog/controls/0/params/0/values/0"), "from base");
}

TEST_F(ProfileResolverTest, CircularImportsAreErrorsNotInfiniteRecursion) {
  docs_.Add("p1.json", Profile(R"("imports": [{"href": "p2.json", "include-all": {}}])"));
  docs_.Add("p2.json", Profile(R"("imports": [{"href": "p1.json", "include-all": {}},
                                              {"href": "catalog.json", "include-controls": [{"with-ids": ["b1"]}]}])"));
  options_.base_uri = "p1.json";
  auto r = ResolveText(Profile(R"("imports": [{"href": "p2.json", "include-all": {}}])"));
  ASSERT_TRUE(Has(r.issues, kRuleCircularImport, "/profile/imports/0/href", Finding::Severity::kError))
      << Describe(r.issues);
  EXPECT_THAT(Describe(r.issues), HasSubstr("p1.json -> p2.json -> p1.json"));
  EXPECT_EQ(ShapeOf(r), "b1");  // the rest of p2 still resolves

  // Without a base URI, a profile importing itself through a chain is still caught.
  options_.base_uri.clear();
  docs_.Add("self.json", Profile(R"("imports": [{"href": "self.json", "include-all": {}}])"));
  auto self = Resolve(R"("imports": [{"href": "self.json", "include-all": {}}])");
  EXPECT_TRUE(Has(self.issues, kRuleCircularImport, "/profile/imports/0/href", Finding::Severity::kError))
      << Describe(self.issues);
}

TEST_F(ProfileResolverTest, NotAProfileIsAnError) {
  auto doc = JsonDocument::Parse(kCatalog);
  auto r = ResolveProfile(doc->root(), docs_.Loader());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  auto no_imports = JsonDocument::Parse(R"({"profile": {"uuid": "x", "metadata": {}}})");
  EXPECT_FALSE(ResolveProfile(no_imports->root(), docs_.Loader()).has_value());
}

// ---- merge ----

TEST_F(ProfileResolverTest, ImportingTwiceKeepsBothUnlessUseFirst) {
  const std::string imports = R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a2", "b1"]}]},
                                              {"href": "catalog.json", "include-controls": [{"with-ids": ["b1", "b2"]}]}])";
  auto keep = Resolve(imports);
  EXPECT_EQ(ShapeOf(keep), "a2 b1 b1 b2");
  EXPECT_TRUE(Has(keep.issues, kRuleDuplicateControl, "/profile/imports/1", Finding::Severity::kWarning));

  auto first = Resolve(imports + R"(, "merge": {"combine": {"method": "use-first"}, "as-is": true})");
  EXPECT_EQ(ShapeOf(first), "[a: a2] [b: b1] [b: b2]");
  EXPECT_TRUE(first.issues.empty()) << Describe(first.issues);
}

TEST_F(ProfileResolverTest, TwoStructuringDirectivesAreAnError) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {}}], "merge": {"flat": {}, "as-is": true})");
  EXPECT_TRUE(Has(r.issues, kRuleMerge, "/profile/merge", Finding::Severity::kError));
  EXPECT_EQ(ShapeOf(r), "a1(a1.1(a1.1.1) a1.2) a2 b1 b2");
}

TEST_F(ProfileResolverTest, CustomGroupsInsertSelectedControls) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {}}],
      "merge": {"custom": {"groups": [
          {"id": "first", "title": "First", "insert-controls": [{"order": "descending", "include-controls": [{"with-ids": ["a2", "b2"]}]}]},
          {"id": "rest", "title": "Rest", "insert-controls": [{"include-controls": [{"matching": [{"pattern": "a1*"}]}]}]}],
        "insert-controls": [{"include-controls": [{"with-ids": ["b1"]}]}]}})");
  EXPECT_EQ(ShapeOf(r), "b1 [first: b2 a2] [rest: a1 a1.1 a1.1.1 a1.2]");
}

// ---- modify ----

TEST_F(ProfileResolverTest, SetParametersMergeIntoParamsAtAnyLevel) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1", "a2"]}]}],
      "merge": {"as-is": true},
      "modify": {"set-parameters": [
        {"param-id": "a1_prm", "label": "new label", "values": ["v1"], "props": [{"name": "y", "value": "2"}],
         "constraints": [{"description": "at least annually"}]},
        {"param-id": "a1_prm", "constraints": [{"description": "and more"}]},
        {"param-id": "a_prm", "select": {"how-many": "one", "choice": ["x", "y"]}},
        {"param-id": "loose-unused", "values": ["now used"]},
        {"param-id": "nope"}]})");
  const char* p = "/catalog/groups/0/controls/0/params/0";
  EXPECT_EQ(Text(r.catalog, (std::string(p) + "/label").c_str()), "new label");
  EXPECT_EQ(Text(r.catalog, (std::string(p) + "/values/0").c_str()), "v1");
  EXPECT_EQ(Text(r.catalog, (std::string(p) + "/props/0/name").c_str()), "x");
  EXPECT_EQ(Text(r.catalog, (std::string(p) + "/props/1/name").c_str()), "y");
  EXPECT_EQ(Text(r.catalog, (std::string(p) + "/constraints/1/description").c_str()), "and more");
  EXPECT_EQ(Text(r.catalog, "/catalog/groups/0/params/0/select/choice/1"), "y");
  // Canonical member order in the param: id, props, label, constraints, values.
  std::vector<std::string> keys;
  for (auto it = At(r.catalog, p)->MemberBegin(); it != At(r.catalog, p)->MemberEnd(); ++it) {
    keys.push_back(it->name.GetString());
  }
  EXPECT_THAT(keys, ElementsAre("id", "props", "label", "constraints", "values"));
  // A loose param named by a set-parameter is kept even though nothing inserts it.
  EXPECT_EQ(Text(r.catalog, "/catalog/params/1/values/0"), "now used");
  EXPECT_TRUE(Has(r.issues, kRuleUnknownParam, "/profile/modify/set-parameters/4", Finding::Severity::kWarning));
}

TEST_F(ProfileResolverTest, AltersAddAtEveryPosition) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1", "a2", "a1.1"]}]}],
      "modify": {"alters": [
        {"control-id": "a1", "adds": [
          {"position": "starting", "props": [{"name": "first", "value": "1"}]},
          {"props": [{"name": "last", "value": "1"}], "title": "A1 retitled"},
          {"position": "before", "by-id": "a1_smt.b", "parts": [{"name": "item", "id": "new-before", "prose": "x"}]},
          {"position": "after", "by-id": "a1_smt.a", "parts": [{"name": "item", "id": "new-after", "prose": "y"}]},
          {"position": "starting", "by-id": "a1_smt", "props": [{"name": "in-part", "value": "1"}]},
          {"position": "ending", "by-id": "a1_prm", "links": [{"href": "#10000000-0000-4000-8000-000000000001"}]},
          {"position": "ending", "by-id": "a1.1", "props": [{"name": "child", "value": "1"}]},
          {"by-id": "no-such-id", "props": [{"name": "lost", "value": "1"}]}]},
        {"control-id": "a2", "adds": [{"position": "ending", "params": [{"id": "a2_new"}]},
                                       {"position": "starting", "by-id": "a2", "props": [{"name": "self", "value": "1"}]}]},
        {"control-id": "zz", "adds": [{"props": [{"name": "z", "value": "1"}]}]}]})");
  const std::string a1 = "/catalog/controls/0";
  auto text = [&](const std::string& p) { return Text(r.catalog, (a1 + p).c_str()); };
  EXPECT_EQ(text("/title"), "A1 retitled");
  EXPECT_EQ(text("/props/0/name"), "first");
  EXPECT_EQ(text("/props/3/name"), "last");
  EXPECT_EQ(text("/parts/0/props/0/name"), "in-part");
  EXPECT_EQ(text("/parts/0/parts/0/id"), "a1_smt.a");
  EXPECT_EQ(text("/parts/0/parts/1/id"), "new-after");
  EXPECT_EQ(text("/parts/0/parts/2/id"), "new-before");
  EXPECT_EQ(text("/parts/0/parts/3/id"), "a1_smt.b");
  EXPECT_EQ(text("/params/0/links/0/href"), "#10000000-0000-4000-8000-000000000001");
  EXPECT_EQ(text("/controls/0/props/0/name"), "child");
  // a2 had no params or props: the new arrays go to their canonical places, before parts.
  std::vector<std::string> keys;
  for (auto it = At(r.catalog, "/catalog/controls/1")->MemberBegin();
       it != At(r.catalog, "/catalog/controls/1")->MemberEnd(); ++it) {
    keys.push_back(it->name.GetString());
  }
  EXPECT_THAT(keys, ElementsAre("id", "title", "params", "props", "parts"));
  // by-id naming the control itself adds to the control (as FedRAMP's published catalogs show).
  EXPECT_EQ(Text(r.catalog, "/catalog/controls/1/props/0/name"), "self");
  EXPECT_TRUE(Has(r.issues, kRuleUnknownTarget, "/profile/modify/alters/0/adds/7/by-id", Finding::Severity::kWarning))
      << Describe(r.issues);
  EXPECT_TRUE(Has(r.issues, kRuleUnknownControl, "/profile/modify/alters/2/control-id", Finding::Severity::kWarning));
  EXPECT_FALSE(HasErrors(r.issues));
}

TEST_F(ProfileResolverTest, AltersRemoveByEveryCriterion) {
  auto resolve_with = [&](const std::string& remove) {
    return Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1"]}]}],
                      "modify": {"alters": [{"control-id": "a1", "removes": [)" +
                   remove + "]}]}");
  };
  auto by_name = resolve_with(R"({"by-name": "sort-id"})");
  EXPECT_EQ(At(by_name.catalog, "/catalog/controls/0/props")->Size(), 1U);

  auto by_class = resolve_with(R"({"by-class": "sorting"}, {"by-item-name": "link"})");
  EXPECT_EQ(At(by_class.catalog, "/catalog/controls/0/props")->Size(), 1U);
  EXPECT_EQ(At(by_class.catalog, "/catalog/controls/0/links"), nullptr);  // an emptied array goes

  auto by_id = resolve_with(R"({"by-id": "a1_smt.a"}, {"by-id": "a1_gdn"})");
  EXPECT_EQ(Text(by_id.catalog, "/catalog/controls/0/parts/0/parts/0/id"), "a1_smt.b");
  EXPECT_EQ(At(by_id.catalog, "/catalog/controls/0/parts")->Size(), 1U);

  // by-ns: the OSCAL namespace is the default of parts and props without ns.
  auto by_ns = resolve_with(
      R"({"by-ns": "https://example.org/ns"}, {"by-item-name": "prop", "by-ns": "http://csrc.nist.gov/ns/oscal", "by-name": "label"})");
  EXPECT_EQ(At(by_ns.catalog, "/catalog/controls/0/parts/0/parts")->Size(), 1U);
  EXPECT_EQ(Text(by_ns.catalog, "/catalog/controls/0/props/0/name"), "sort-id");

  auto all_must_match = resolve_with(R"({"by-name": "statement", "by-class": "nope"}, {})");
  EXPECT_EQ(At(all_must_match.catalog, "/catalog/controls/0/parts")->Size(), 2U);
  EXPECT_TRUE(Has(all_must_match.issues, kRuleNothingRemoved, "/profile/modify/alters/0/removes/0",
                  Finding::Severity::kWarning));
  EXPECT_TRUE(Has(all_must_match.issues, kRuleInvalidDirective, "/profile/modify/alters/0/removes/1",
                  Finding::Severity::kWarning));
}

// ---- output ----

TEST_F(ProfileResolverTest, LooseParamsAreKeptOnlyWhenReferenced) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {},
                                    "exclude-controls": [{"with-ids": ["b1"]}]}])");
  // loose-used (inserted by a1), loose-kept (keep=always), a_prm (a2 inserts it; groups are gone in
  // flat), b1_prm (b2 inserts it; b1 is excluded); loose-unused is dropped.
  std::vector<std::string> ids;
  for (const auto& param : At(r.catalog, "/catalog/params")->GetArray()) {
    ids.push_back(param["id"].GetString());
  }
  EXPECT_THAT(ids, ElementsAre("loose-used", "loose-kept", "a_prm", "b1_prm"));
}

TEST_F(ProfileResolverTest, MetadataAndBackMatter) {
  const core::ManualClock clock(core::TimePoint(std::chrono::seconds(1'700'000'000)));
  options_.clock = &clock;
  options_.uuid = "11111111-2222-4333-8444-555555555555";
  options_.base_uri = "file:///data/p.json";
  docs_.Add("file:///data/catalog.json", kCatalog);
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a2"]}]}],
      "back-matter": {"resources": [{"uuid": "10000000-0000-4000-8000-000000000001", "title": "R1 from the profile"}, {"uuid": "10000000-0000-4000-8000-000000000002", "title": "R2 again"},
                                    {"uuid": "10000000-0000-4000-8000-000000000003", "title": "R3"}]})");
  EXPECT_EQ(Text(r.catalog, "/catalog/uuid"), "11111111-2222-4333-8444-555555555555");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/title"), "Test profile");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/version"), "2.0");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/last-modified"), "2023-11-14T22:13:20.000000Z");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/oscal-version"), "1.1.2");  // newest of 1.1.2 and 1.0.4
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/props/0/name"), "resolution-tool");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/props/1/value"), "file:///data/p.json");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/links/0/rel"), "source-profile");
  EXPECT_EQ(Text(r.catalog, "/catalog/metadata/roles/0/id"), "keeper");  // keep=always from the catalog
  EXPECT_EQ(At(r.catalog, "/catalog/metadata/roles")->Size(), 1U);
  // r2 keeps the catalog's keep=always version; r1 is replaced by the profile's and moves to the end.
  EXPECT_EQ(Text(r.catalog, "/catalog/back-matter/resources/0/title"), "R2");
  EXPECT_EQ(Text(r.catalog, "/catalog/back-matter/resources/1/title"), "R1 from the profile");
  EXPECT_EQ(Text(r.catalog, "/catalog/back-matter/resources/2/title"), "R3");

  options_.prune_back_matter = true;
  auto pruned = Resolve(R"("imports": [{"href": "catalog.json", "include-controls": [{"with-ids": ["a1"]}]}],
      "back-matter": {"resources": [{"uuid": "10000000-0000-4000-8000-000000000003", "title": "R3"}]})");
  std::vector<std::string> uuids;
  for (const auto& resource : At(pruned.catalog, "/catalog/back-matter/resources")->GetArray()) {
    uuids.push_back(resource["uuid"].GetString());
  }
  EXPECT_THAT(uuids, ElementsAre("10000000-0000-4000-8000-000000000001",
                                 "10000000-0000-4000-8000-000000000002"));  // r1: a1 links to #r1; r2: keep=always
}

TEST_F(ProfileResolverTest, ResultIsAValidCatalog) {
  auto r = Resolve(R"("imports": [{"href": "catalog.json", "include-all": {}}], "merge": {"as-is": true},
      "modify": {"alters": [{"control-id": "a1", "adds": [{"position": "starting", "props": [{"name": "p", "value": "1"}]}]}]})");
  auto schema = OscalSchema(OscalVersion::k1_1_3);
  ASSERT_TRUE(schema.has_value());
  EXPECT_TRUE((*schema)->Validate(r.catalog.root()).empty()) << Describe((*schema)->Validate(r.catalog.root()));
}

}  // namespace
}  // namespace ismap::oscal
