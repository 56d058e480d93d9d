#include "oscal/json_util.hpp"

#include <cstdint>
#include <cstdlib>

namespace ismap::oscal::json {
namespace {

struct UriParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

UriParts ParseUri(std::string_view s) {
  UriParts u;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    u.has_query = true;
    u.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  auto colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && s.substr(0, colon).find('/') == std::string_view::npos) {
    u.scheme = s.substr(0, colon);
    s = s.substr(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    u.has_authority = true;
    s = s.substr(2);
    auto slash = s.find('/');
    u.authority = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  u.path = s;
  return u;
}

std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./" || in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto next = in.find('/', in[0] == '/' ? 1 : 0);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::string ResolveUri(std::string_view base, std::string_view ref) {
  UriParts r = ParseUri(ref);
  UriParts b = ParseUri(base);
  UriParts t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = RemoveDotSegments(r.path);
  } else {
    if (r.has_authority) {
      t = r;
      t.path = RemoveDotSegments(r.path);
    } else {
      if (r.path.empty()) {
        t.path = b.path;
        t.has_query = r.has_query || b.has_query;
        t.query = r.has_query ? r.query : b.query;
      } else {
        if (r.path[0] == '/') {
          t.path = RemoveDotSegments(r.path);
        } else if (b.has_authority && b.path.empty()) {
          t.path = RemoveDotSegments("/" + r.path);
        } else {
          auto slash = b.path.rfind('/');
          std::string merged = slash == std::string::npos ? r.path : b.path.substr(0, slash + 1) + r.path;
          t.path = RemoveDotSegments(merged);
        }
        t.has_query = r.has_query;
        t.query = r.query;
      }
      t.has_authority = b.has_authority;
      t.authority = b.authority;
    }
    t.scheme = b.scheme;
    t.has_fragment = r.has_fragment;
    t.fragment = r.fragment;
  }
  std::string out;
  if (!t.scheme.empty()) {
    out += t.scheme + ":";
  }
  if (t.has_authority) {
    out += "//" + t.authority;
  }
  out += t.path;
  if (t.has_query) {
    out += "?" + t.query;
  }
  if (t.has_fragment && !t.fragment.empty()) {
    out += "#" + t.fragment;
  }
  return out;
}

void SplitFragment(std::string_view uri, std::string* doc, std::string* fragment) {
  auto hash = uri.find('#');
  *doc = std::string(uri.substr(0, hash));
  fragment->clear();
  if (hash == std::string_view::npos) {
    return;
  }
  std::string_view raw = uri.substr(hash + 1);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() && HexValue(raw[i + 1]) >= 0 && HexValue(raw[i + 2]) >= 0) {
      fragment->push_back(static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2])));
      i += 2;
    } else {
      fragment->push_back(raw[i]);
    }
  }
}

void AppendPointerToken(std::string* pointer, std::string_view token) {
  pointer->push_back('/');
  for (char c : token) {
    if (c == '~') {
      pointer->append("~0");
    } else if (c == '/') {
      pointer->append("~1");
    } else {
      pointer->push_back(c);
    }
  }
}

const rapidjson::Value* FollowPointer(const rapidjson::Value& root, std::string_view pointer) {
  const rapidjson::Value* cur = &root;
  if (pointer.empty()) {
    return cur;
  }
  if (pointer[0] != '/') {
    return nullptr;
  }
  std::size_t pos = 1;
  while (true) {
    auto end = pointer.find('/', pos);
    std::string_view raw = pointer.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token.push_back(raw[i + 1] == '0' ? '~' : '/');
        ++i;
      } else {
        token.push_back(raw[i]);
      }
    }
    if (cur->IsObject()) {
      auto it = cur->FindMember(rapidjson::Value(rapidjson::StringRef(token.data(), token.size())));
      if (it == cur->MemberEnd()) {
        return nullptr;
      }
      cur = &it->value;
    } else if (cur->IsArray()) {
      if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) {
        return nullptr;
      }
      std::size_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') {
          return nullptr;
        }
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (index >= cur->Size()) {
        return nullptr;
      }
      cur = &(*cur)[static_cast<rapidjson::SizeType>(index)];
    } else {
      return nullptr;
    }
    if (end == std::string_view::npos) {
      return cur;
    }
    pos = end + 1;
  }
}

int CompareNumbers(const rapidjson::Value& a, const rapidjson::Value& b) {
  if (a.IsInt64() && b.IsInt64()) {
    return a.GetInt64() < b.GetInt64() ? -1 : (a.GetInt64() > b.GetInt64() ? 1 : 0);
  }
  if (a.IsUint64() && b.IsUint64()) {
    return a.GetUint64() < b.GetUint64() ? -1 : (a.GetUint64() > b.GetUint64() ? 1 : 0);
  }
  double x = a.GetDouble();
  double y = b.GetDouble();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool Equals(const rapidjson::Value& a, const rapidjson::Value& b) {
  if (a.IsNumber() && b.IsNumber()) {
    return CompareNumbers(a, b) == 0;
  }
  if (a.GetType() != b.GetType()) {
    return false;
  }
  switch (a.GetType()) {
    case rapidjson::kNullType:
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return true;
    case rapidjson::kStringType:
      return a.GetStringLength() == b.GetStringLength() && std::string_view(a.GetString(), a.GetStringLength()) ==
                                                               std::string_view(b.GetString(), b.GetStringLength());
    case rapidjson::kArrayType: {
      if (a.Size() != b.Size()) {
        return false;
      }
      for (rapidjson::SizeType i = 0; i < a.Size(); ++i) {
        if (!Equals(a[i], b[i])) {
          return false;
        }
      }
      return true;
    }
    case rapidjson::kObjectType: {
      if (a.MemberCount() != b.MemberCount()) {
        return false;
      }
      for (const auto& m : a.GetObject()) {
        auto it = b.FindMember(m.name);
        if (it == b.MemberEnd() || !Equals(m.value, it->value)) {
          return false;
        }
      }
      return true;
    }
    case rapidjson::kNumberType:
      break;
  }
  return false;
}

}  // namespace ismap::oscal::json
