#include "imap/commands/fetch_plan.h"

#include <algorithm>

#include "mime/section.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// Same response name: BODY.PEEK[x] answers as BODY[x] (RFC 9051 7.5.2).
bool same_item(const FetchAtt& a, const FetchAtt& b) {
  return a.item == b.item && a.section == b.section && a.partial == b.partial && a.lazy == b.lazy;
}

// BODY[]<o.n> or BINARY[]<o.n>: a slice of the raw message (BINARY of the
// empty section is the message unchanged, see mime/binary.h).
bool whole_message_partial(const FetchAtt& a) {
  return (a.item == FetchItem::BodySection || a.item == FetchItem::Binary) && a.partial &&
         a.section.part.empty() && a.section.text == SectionText::None;
}

// The column group a metadata item reads; 0 for content items.
store::FetchFields fields_of(const FetchAtt& a) {
  switch (a.item) {
    case FetchItem::Envelope:
      return store::kFetchEnvelope;
    case FetchItem::Flags:
    case FetchItem::Uid:
    case FetchItem::ModSeq:
      return store::kFetchFlags;  // the message state: flags, UID, MODSEQ
    case FetchItem::InternalDate:
      return store::kFetchInternalDate;
    case FetchItem::Rfc822Size:
      return store::kFetchSize;
    case FetchItem::Body:
      return store::kFetchBody;
    case FetchItem::BodyStructure:
      return store::kFetchBodyStructure;
    case FetchItem::SaveDate:
      return store::kFetchSaveDate;
    case FetchItem::EmailId:
      return store::kFetchEmailId;
    case FetchItem::ThreadId:
      return store::kFetchThreadId;
    case FetchItem::Preview:
      return store::kFetchPreview;
    case FetchItem::BinarySize:
      // BINARY.SIZE[] is RFC822.SIZE: the empty section is not decoded.
      return a.section.part.empty() ? store::FetchFields{store::kFetchSize} : 0;
    default:
      return 0;
  }
}

// A content item: it reads bytes, maybe the tree, maybe sets \Seen.
void plan_content(const FetchAtt& a, FetchPlan& plan) {
  plan.reads_bytes = true;
  // The whole message, or a slice of it, needs no part tree.
  const bool whole = a.item == FetchItem::Rfc822 ||
                     ((a.item == FetchItem::BodySection || a.item == FetchItem::Binary) &&
                      a.section.part.empty() && a.section.text == SectionText::None);
  if (!whole) plan.needs_tree = true;
  // RFC 9051 6.4.5: BODY[...] sets \Seen, BODY.PEEK does not; RFC 3501
  // 6.4.5: RFC822 and RFC822.TEXT set it, RFC822.HEADER does not.
  if ((a.item == FetchItem::BodySection || a.item == FetchItem::Binary) && !a.peek)
    plan.sets_seen = true;
  if (a.item == FetchItem::Rfc822 || a.item == FetchItem::Rfc822Text) plan.sets_seen = true;
}

// The end of the bytes one content item needs (the window then starts at 0).
std::uint64_t end_needed(const FetchAtt& a, const mime::PartTree& tree) {
  constexpr std::uint64_t kAll = store::kWholeMessage;
  const auto& part = a.section.part;
  if (a.item == FetchItem::Rfc822) return kAll;
  const bool rfc822 = a.item == FetchItem::Rfc822Header || a.item == FetchItem::Rfc822Text;
  if (!rfc822 && part.empty() && a.section.text == SectionText::None)
    return kAll;  // BODY[], BINARY[] without partial
  if (tree.empty()) return kAll;
  const mime::PartNode& top = tree.nodes()[0];
  if (a.item == FetchItem::Rfc822Header) return top.header_end;
  if (a.item == FetchItem::Rfc822Text) return top.body_end;
  if (part.empty()) return a.section.text == SectionText::Text ? top.body_end : top.header_end;
  const std::vector<unsigned> path(part.begin(), part.end());
  const auto target = mime::resolve_section(tree, path);
  if (!target) return 0;  // no such part: the answer is empty
  const mime::PartNode& node = tree.nodes()[target->node];
  // A part's MIME header ends before its body; every other form (the body,
  // or the header and text of an embedded message) lies within the body.
  return a.section.text == SectionText::Mime ? node.header_end : node.body_end;
}

}  // namespace

bool is_content_item(const FetchAtt& att) {
  switch (att.item) {
    case FetchItem::Rfc822:
    case FetchItem::Rfc822Header:
    case FetchItem::Rfc822Text:
    case FetchItem::BodySection:
    case FetchItem::Binary:
      return true;
    case FetchItem::BinarySize:
      return !att.section.part.empty();
    default:
      return false;
  }
}

FetchPlan plan_fetch(const FetchArgs& args, bool uid_command, bool condstore) {
  FetchPlan plan;
  plan.uid = uid_command;
  for (const FetchAtt& a : args.atts) {
    if (std::any_of(plan.atts.begin(), plan.atts.end(),
                    [&](const FetchAtt& b) { return same_item(a, b); })) {
      continue;
    }
    plan.atts.push_back(a);
    if (a.item == FetchItem::ModSeq) plan.modseq_always = true;
    if (is_content_item(a)) {
      plan_content(a, plan);
    } else {
      plan.fields |= fields_of(a);
    }
  }
  if (args.changed_since) plan.modseq_always = true;
  plan.modseq_with_flags = condstore;
  // Flags are read with the message state: UID, MODSEQ and the FLAGS that a
  // newly set \Seen adds all come from it.
  if (plan.sets_seen || plan.modseq_always || args.changed_since) plan.fields |= store::kFetchFlags;
  if (plan.needs_tree) plan.fields |= store::kFetchPartTree;
  return plan;
}

std::optional<ByteWindow> byte_window(const std::vector<FetchAtt>& atts,
                                      const mime::PartTree& tree) {
  bool prefix = false;  // some item needs [0, end)
  std::uint64_t end = 0;
  std::uint64_t lo = UINT64_MAX;  // the whole-message partials' span
  std::uint64_t hi = 0;
  for (const FetchAtt& a : atts) {
    if (!is_content_item(a)) continue;
    if (whole_message_partial(a)) {
      const std::uint64_t o = a.partial->offset;
      lo = std::min(lo, o);
      hi = std::max(hi, a.partial->length > UINT64_MAX - o ? UINT64_MAX : o + a.partial->length);
      continue;
    }
    prefix = true;
    end = std::max(end, end_needed(a, tree));
  }
  if (prefix) {
    end = std::max(end, hi);
    if (end == 0) return std::nullopt;
    return ByteWindow{0, end};
  }
  if (hi == 0) return std::nullopt;
  return ByteWindow{lo, hi - lo};
}

bool UidChunker::next(store::UidSet& chunk) {
  chunk = store::UidSet();
  const auto& ranges = set_.ranges();
  std::uint32_t left = max_;
  while (left > 0 && range_ < ranges.size()) {
    const store::UidRange& r = ranges[range_];
    const store::Uid first = from_ ? from_ : r.first;
    // Take at most `left` UIDs of this range (64-bit: r.last may be 2^32-1).
    const std::uint64_t last = std::min<std::uint64_t>(r.last, std::uint64_t{first} + left - 1);
    chunk.add(first, static_cast<store::Uid>(last));
    left -= static_cast<std::uint32_t>(last - first + 1);
    if (last == r.last) {
      ++range_;
      from_ = 0;
    } else {
      from_ = static_cast<store::Uid>(last + 1);
    }
  }
  return !chunk.empty();
}

}  // namespace petrel::imap
