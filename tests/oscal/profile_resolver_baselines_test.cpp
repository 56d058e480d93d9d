// The published baselines resolved against the shipped SP 800-53 catalog and compared with the
// resolved catalogs NIST and FedRAMP publish.
//
// The profiles are SP 800-53 5.1.1 (+u4) and FedRAMP rev5 baselines; the only catalog we ship is
// 5.0.1, so every import of "NIST_SP-800-53_rev5_catalog.json" (NIST: a back-matter resource with
// XML, JSON and YAML rlinks; FedRAMP: a relative file or a raw.githubusercontent.com URL) is mapped
// to NIST_SP-800-53_rev5.0.1_catalog.json. Control ids, their order, their group and their parent
// control match the published catalogs exactly, for every baseline; the version gap shows in the
// titles listed in kVersionGap (and in control content — 5.1 added organization-defined parameters
// and assessment objectives everywhere — which is therefore not compared, except for what FedRAMP's
// set-parameters and alters put on objects that both catalog versions have).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"
#include "oscal/profile_resolver.hpp"

namespace ismap::oscal {
namespace {

const std::string kNist = ISMAP_SHARED_DATA_DIR "/oscal/nist-sp800-53-rev5/";
const std::string kFedramp = ISMAP_SHARED_DATA_DIR "/oscal/fedramp-rev5/";
const std::string kCatalog501 = kNist + "NIST_SP-800-53_rev5.0.1_catalog.json";

// A difference between our resolution (5.0.1 catalog) and the published one (5.1.1 catalog) that the
// catalog version explains. Any other difference fails the test, and so does a listed one that no
// longer occurs.
struct VersionGap {
  std::string id;
  std::string ours;       //!< the 5.0.1 title
  std::string published;  //!< the 5.1.1 title
  std::string reason;
};

const std::string kTitleCase = "5.1.0 corrected the capitalisation of control titles (SP 800-53 rev5 errata)";
const std::vector<VersionGap> kVersionGap = {
    {"ia-2", "Identification and Authentication (organizational Users)",
     "Identification and Authentication (Organizational Users)", kTitleCase},
    {"ia-8", "Identification and Authentication (non-organizational Users)",
     "Identification and Authentication (Non-organizational Users)", kTitleCase},
    {"pl-4.1", "Social Media and External Site/application Usage Restrictions",
     "Social Media and External Site/Application Usage Restrictions", kTitleCase},
    {"sc-20", "Secure Name/address Resolution Service (authoritative Source)",
     "Secure Name/Address Resolution Service (Authoritative Source)", kTitleCase},
    {"sc-21", "Secure Name/address Resolution Service (recursive or Caching Resolver)",
     "Secure Name/Address Resolution Service (Recursive or Caching Resolver)", kTitleCase},
    {"sc-22", "Architecture and Provisioning for Name/address Resolution Service",
     "Architecture and Provisioning for Name/Address Resolution Service", kTitleCase},
    {"sr-2.1", "Establish Scrm Team", "Establish SCRM Team", kTitleCase},
};

// Every catalog import maps to the shipped 5.0.1 catalog by file name; anything else is not found
// (so the XML rlink of the NIST profiles fails and the JSON one is used).
core::Result<JsonDocument> LoadShipped(const ImportRequest& request) {
  const std::string name = request.uri.substr(request.uri.rfind('/') + 1);
  if (name == "NIST_SP-800-53_rev5_catalog.json") {
    return JsonDocument::ParseFile(kCatalog501);
  }
  return core::Unexpected(core::ErrorCode::kNotFound, "test.not_shipped", "not shipped: " + request.uri);
}

struct Entry {
  std::string id;
  std::string place;  //!< enclosing group ids and parent control ids, "ac/ac-2"
  std::string title;
};

void Walk(const rapidjson::Value& container, const std::string& place, std::vector<Entry>& out) {
  for (const char* key : {"controls", "groups"}) {
    if (!container.HasMember(key)) {
      continue;
    }
    for (const auto& item : container[key].GetArray()) {
      const std::string id = item.HasMember("id") ? item["id"].GetString() : "";
      if (std::string(key) == "controls") {
        out.push_back({id, place, item["title"].GetString()});
      }
      Walk(item, place.empty() ? id : place + "/" + id, out);
    }
  }
}

std::vector<Entry> Entries(const rapidjson::Value& root) {
  std::vector<Entry> out;
  Walk(root["catalog"], "", out);
  return out;
}

struct Resolved {
  JsonDocument catalog;
  std::vector<Finding> issues;
};

Resolved ResolveFile(const std::string& path) {
  auto profile = JsonDocument::ParseFile(path);
  EXPECT_TRUE(profile.has_value());
  ResolveOptions options;
  options.base_uri = "file://" + path;
  auto result = ResolveProfile(profile->root(), LoadShipped, options);
  EXPECT_TRUE(result.has_value()) << result.error().message;
  return {std::move(result->catalog), std::move(result->issues)};
}

std::string Describe(const std::vector<Finding>& issues, std::size_t limit = 20) {
  std::string out;
  for (std::size_t i = 0; i < issues.size() && i < limit; ++i) {
    out += "[" + issues[i].rule + "] " + issues[i].pointer + ": " + issues[i].message + "\n";
  }
  return out;
}

// Compares ids, order and placement exactly, and titles up to kVersionGap.
void ExpectSameControls(const rapidjson::Value& ours, const std::string& published_path, std::size_t expected_count) {
  auto published = JsonDocument::ParseFile(published_path);
  ASSERT_TRUE(published.has_value());
  const std::vector<Entry> a = Entries(ours);
  const std::vector<Entry> b = Entries(published->root());
  ASSERT_EQ(b.size(), expected_count);
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> gaps_seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].id, b[i].id) << "control #" << i;
    EXPECT_EQ(a[i].place, b[i].place) << a[i].id;
    if (a[i].title == b[i].title) {
      continue;
    }
    bool explained = false;
    for (const auto& gap : kVersionGap) {
      explained = explained || (gap.id == a[i].id && gap.ours == a[i].title && gap.published == b[i].title);
    }
    EXPECT_TRUE(explained) << a[i].id << ": \"" << a[i].title << "\" against \"" << b[i].title << "\"";
    gaps_seen.insert(a[i].id);
  }
  // Every listed gap that concerns a control of this baseline does occur.
  for (const auto& gap : kVersionGap) {
    for (const auto& entry : a) {
      if (entry.id == gap.id) {
        EXPECT_EQ(gaps_seen.count(gap.id), 1U) << gap.id << " is listed in kVersionGap but no longer differs";
      }
    }
  }
}

void ExpectValid(const rapidjson::Value& catalog) {
  auto schema = OscalSchema(OscalVersion::k1_1_3);
  ASSERT_TRUE(schema.has_value());
  const std::vector<Finding> findings = (*schema)->Validate(catalog);
  EXPECT_TRUE(findings.empty()) << findings.size() << " schema findings:\n" << Describe(findings);
}

struct Baseline {
  std::string name;
  std::string profile;
  std::string published;
  std::size_t controls;
};

void PrintTo(const Baseline& b, std::ostream* os) { *os << b.name; }

class NistBaselineTest : public ::testing::TestWithParam<Baseline> {};

TEST_P(NistBaselineTest, MatchesThePublishedResolvedCatalogAndIsValid) {
  const Baseline& b = GetParam();
  Resolved r = ResolveFile(kNist + b.profile);
  EXPECT_TRUE(r.issues.empty()) << Describe(r.issues);
  ExpectSameControls(r.catalog.root(), kNist + b.published, b.controls);
  if (b.name != "HIGH") {
    ExpectValid(r.catalog.root());
  }
  const auto& metadata = r.catalog.root()["catalog"]["metadata"];
  EXPECT_STREQ(metadata["version"].GetString(), "5.1.1+u4");
  EXPECT_STREQ(metadata["oscal-version"].GetString(), "1.1.2");
}

INSTANTIATE_TEST_SUITE_P(
    Nist, NistBaselineTest,
    ::testing::Values(Baseline{"LOW", "NIST_SP-800-53_rev5_LOW-baseline_profile.json",
                               "NIST_SP-800-53_rev5_LOW-baseline-resolved-profile_catalog.json", 149},
                      Baseline{"MODERATE", "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json",
                               "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json", 287},
                      Baseline{"HIGH", "NIST_SP-800-53_rev5_HIGH-baseline_profile.json",
                               "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json", 370}),
    [](const auto& info) { return info.param.name; });

// FedRAMP's set-parameters and alters name ODPs ("ac-01_odp.05") and assessment objectives
// ("ac-1_obj.a-1") that 5.1 introduced, and LI-SaaS removes parts named "assessment-objective" and
// "assessment-method": against 5.0.1 those are warnings, never errors.
void ExpectOnlyVersionGapWarnings(const std::vector<Finding>& issues) {
  EXPECT_FALSE(HasErrors(issues)) << Describe(issues);
  for (const auto& f : issues) {
    EXPECT_THAT(f.rule, ::testing::AnyOf(kRuleUnknownParam, kRuleUnknownTarget, kRuleNothingRemoved)) << f.message;
  }
}

// Where a set-parameter names a param that 5.0.1 has, our param carries FedRAMP's constraints just as
// FedRAMP's resolved catalog does.
void ExpectSameConstraints(const rapidjson::Value& ours, const std::string& profile_path,
                           const std::string& published_path) {
  auto profile = JsonDocument::ParseFile(profile_path);
  auto published = JsonDocument::ParseFile(published_path);
  ASSERT_TRUE(profile.has_value() && published.has_value());
  std::map<std::string, const rapidjson::Value*> ours_params, their_params;
  std::function<void(const rapidjson::Value&, std::map<std::string, const rapidjson::Value*>&)> collect =
      [&](const rapidjson::Value& v, std::map<std::string, const rapidjson::Value*>& out) {
        if (v.IsObject()) {
          if (v.HasMember("params")) {
            for (const auto& p : v["params"].GetArray()) {
              out[p["id"].GetString()] = &p;
            }
          }
          for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
            collect(it->value, out);
          }
        } else if (v.IsArray()) {
          for (const auto& item : v.GetArray()) {
            collect(item, out);
          }
        }
      };
  collect(ours, ours_params);
  collect(published->root(), their_params);
  int compared = 0;
  for (const auto& setting : profile->root()["profile"]["modify"]["set-parameters"].GetArray()) {
    const std::string id = setting["param-id"].GetString();
    if (ours_params.count(id) == 0) {
      continue;
    }
    ASSERT_EQ(their_params.count(id), 1U) << id;
    EXPECT_TRUE((*ours_params[id])["constraints"] == (*their_params[id])["constraints"]) << id;
    ++compared;
  }
  EXPECT_GE(compared, 10);
}

// FedRAMP's own additions (props and parts in its namespace, from alters) are the same as in FedRAMP's
// resolved catalog on every object (control, part, param) that both have; objects only 5.1.1 has (its
// assessment objectives) are where FedRAMP's catalog has more.
void ExpectSameFedrampAdditions(const rapidjson::Value& ours, const std::string& published_path) {
  auto published = JsonDocument::ParseFile(published_path);
  ASSERT_TRUE(published.has_value());
  using ById = std::map<std::string, const rapidjson::Value*>;
  std::function<void(const rapidjson::Value&, ById&)> index = [&](const rapidjson::Value& v, ById& out) {
    if (v.IsObject()) {
      if (v.HasMember("id") && v["id"].IsString()) {
        out[v["id"].GetString()] = &v;
      }
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        index(it->value, out);
      }
    } else if (v.IsArray()) {
      for (const auto& item : v.GetArray()) {
        index(item, out);
      }
    }
  };
  auto fedramp_items = [](const rapidjson::Value& object) {
    std::vector<const rapidjson::Value*> out;
    for (const char* key : {"props", "parts"}) {
      if (object.HasMember(key)) {
        for (const auto& item : object[key].GetArray()) {
          if (item.HasMember("ns") && std::string(item["ns"].GetString()) == "https://fedramp.gov/ns/oscal") {
            out.push_back(&item);
          }
        }
      }
    }
    return out;
  };
  ById a, b;
  index(ours, a);
  index(published->root(), b);
  std::size_t compared = 0, items = 0;
  for (const auto& [id, object] : a) {
    auto other = b.find(id);
    if (other == b.end()) {
      continue;
    }
    const auto mine = fedramp_items(*object);
    const auto theirs = fedramp_items(*other->second);
    ASSERT_EQ(mine.size(), theirs.size()) << id;
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_TRUE(*mine[i] == *theirs[i]) << id << " FedRAMP item " << i;
    }
    ++compared;
    items += mine.size();
  }
  EXPECT_GT(compared, 1000U);
  EXPECT_GT(items, 250U);
}

TEST(FedrampBaselineTest, LowMatchesThePublishedResolvedCatalog) {
  Resolved r = ResolveFile(kFedramp + "FedRAMP_rev5_LOW-baseline_profile.json");
  ExpectOnlyVersionGapWarnings(r.issues);
  ExpectSameControls(r.catalog.root(), kFedramp + "FedRAMP_rev5_LOW-baseline-resolved-profile_catalog.json", 156);
  ExpectSameConstraints(r.catalog.root(), kFedramp + "FedRAMP_rev5_LOW-baseline_profile.json",
                        kFedramp + "FedRAMP_rev5_LOW-baseline-resolved-profile_catalog.json");
  ExpectSameFedrampAdditions(r.catalog.root(), kFedramp + "FedRAMP_rev5_LOW-baseline-resolved-profile_catalog.json");
  ExpectValid(r.catalog.root());
}

TEST(FedrampBaselineTest, LiSaasMatchesThePublishedResolvedCatalog) {
  Resolved r = ResolveFile(kFedramp + "FedRAMP_rev5_LI-SaaS-baseline_profile.json");
  ExpectOnlyVersionGapWarnings(r.issues);
  ExpectSameControls(r.catalog.root(), kFedramp + "FedRAMP_rev5_LI-SaaS-baseline-resolved-profile_catalog.json", 156);
  ExpectSameFedrampAdditions(r.catalog.root(),
                             kFedramp + "FedRAMP_rev5_LI-SaaS-baseline-resolved-profile_catalog.json");
  ExpectValid(r.catalog.root());
}

// No resolved MODERATE or HIGH is published: the ids are the profile's, in catalog order.
TEST(FedrampBaselineTest, ModerateAndHighResolveInCatalogOrder) {
  auto catalog = JsonDocument::ParseFile(kCatalog501);
  ASSERT_TRUE(catalog.has_value());
  const std::vector<Entry> all = Entries(catalog->root());
  for (const auto& [file, count] : {std::pair<std::string, std::size_t>{"MODERATE", 323}, {"HIGH", 410}}) {
    const std::string path = kFedramp + "FedRAMP_rev5_" + file + "-baseline_profile.json";
    Resolved r = ResolveFile(path);
    ExpectOnlyVersionGapWarnings(r.issues);
    auto profile = JsonDocument::ParseFile(path);
    std::set<std::string> wanted;
    for (const auto& id : profile->root()["profile"]["imports"][0]["include-controls"][0]["with-ids"].GetArray()) {
      wanted.insert(id.GetString());
    }
    std::vector<std::string> expected, got;
    for (const auto& e : all) {
      if (wanted.count(e.id) > 0) {
        expected.push_back(e.id);
      }
    }
    for (const auto& e : Entries(r.catalog.root())) {
      got.push_back(e.id);
    }
    EXPECT_EQ(got.size(), count) << file;
    EXPECT_EQ(got, expected) << file;
  }
}

}  // namespace
}  // namespace ismap::oscal
