#include "core/i18n.hpp"

#include <toml++/toml.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/embedded_file.hpp"
#include "core/text.hpp"

namespace ismap::core {

const std::vector<EmbeddedFile>& EmbeddedMessages();  // generated

std::string Fill(std::string_view text, std::string_view name, std::string_view value) {
  std::string out(text);
  const std::string marker = "{" + std::string(name) + "}";
  if (const auto at = out.find(marker); at != std::string::npos) {
    out.replace(at, marker.size(), value);
  }
  return out;
}

std::string_view ToString(Language language) { return language == Language::kEn ? "en" : "ja"; }

std::optional<Language> LanguageFromString(std::string_view text) {
  const std::string lower = AsciiLower(text);
  if (lower == "ja" || lower.rfind("ja-", 0) == 0) {
    return Language::kJa;
  }
  if (lower == "en" || lower.rfind("en-", 0) == 0) {
    return Language::kEn;
  }
  return std::nullopt;
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Returns the supported language with the highest q in an Accept-Language header; ties go to the
// earlier entry. Malformed entries are skipped: the header is a hint, never an error.
std::optional<Language> FromAcceptLanguage(std::string_view header) {
  std::optional<Language> best;
  double best_q = 0.0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = Trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    double q = 1.0;
    const auto semi = item.find(';');
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      item = Trim(item.substr(0, semi));
      if (param.rfind("q=", 0) == 0) {
        try {
          q = std::stod(std::string(param.substr(2)));
        } catch (const std::exception&) {
          continue;
        }
      }
    }
    const auto language = LanguageFromString(item);
    if (language && q > best_q) {
      best = language;
      best_q = q;
    }
  }
  return best;
}

void Flatten(const toml::table& table, const std::string& prefix, std::unordered_map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      Flatten(*sub, name, out);
    } else if (const auto* value = node.as_string()) {
      out.emplace(name, value->get());
    } else {
      throw std::runtime_error("message " + name + " is not a string");
    }
  }
}

}  // namespace

Language NegotiateLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language,
                           Language fallback) {
  if (auto l = LanguageFromString(query_lang)) {
    return *l;
  }
  if (auto l = LanguageFromString(cookie_lang)) {
    return *l;
  }
  if (auto l = FromAcceptLanguage(accept_language)) {
    return *l;
  }
  return fallback;
}

Messages::Messages() {
  for (const auto& file : EmbeddedMessages()) {
    // The catalogue is part of the program: a broken file is a build defect, caught by the tests.
    const toml::table table = toml::parse(file.bytes, file.name);
    Flatten(table, "", file.name == "ja.toml" ? ja_ : en_);
  }
}

const Messages& Messages::Get() {
  static const Messages kInstance;
  return kInstance;
}

std::string_view Messages::Text(Language language, std::string_view key) const {
  const auto& map = All(language);
  const auto it = map.find(std::string(key));
  return it == map.end() ? key : std::string_view(it->second);
}

bool Messages::Has(Language language, std::string_view key) const { return All(language).count(std::string(key)) != 0; }

const std::unordered_map<std::string, std::string>& Messages::All(Language language) const {
  return language == Language::kEn ? en_ : ja_;
}

}  // namespace ismap::core
