-- pandoc Lua filter for briefgen's Word output (run by briefgen.publish.docx).
--
-- A Markdown footnote cited in several places is one note, but pandoc makes a new Word
-- footnote at every call. Here the first call of each note stays a real Word footnote,
-- wrapped in a bookmark, and every later call of the same note becomes a NOTEREF field to
-- that bookmark, formatted as a footnote mark: Word then shows the note's own number and
-- keeps it right when the desk adds or deletes notes. Notes are told apart by their
-- Markdown label, which briefgen.publish.docx puts at the start of each note as an empty
-- span with a "note" attribute (two notes may read alike once their quotes are shortened).
--
-- Also: the first level-1 heading becomes the document title (Word's Title style and the
-- title in the document properties) and the line under it gets the "Brief Line" style;
-- charts (embedded by briefgen as data: URLs) are set to the print stylesheet's width, and
-- any other image or link keeps only its text, as in the HTML (a source's URL stays a link).

local BOOKMARK_BASE = 900000  -- far above the ids pandoc gives its own bookmarks

-- The label of ``note`` and the note without its label span.
local function take_label(note)
  local label = nil
  local content = note.content:walk({
    Span = function(span)
      if label == nil and span.attributes.note ~= nil then
        label = span.attributes.note
        return {}
      end
    end,
  })
  if label == nil then
    error("briefgen: a footnote without its label span")
  end
  -- The space that followed the label span.
  local first = content[1]
  if first ~= nil and first.content ~= nil and #first.content > 0 and first.content[1].t == "Space" then
    first.content:remove(1)
  end
  return label, pandoc.Note(content)
end

local function repeat_call(number)
  local name = "_RefNote" .. number
  return pandoc.RawInline("openxml", table.concat({
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    '<w:r><w:instrText xml:space="preserve"> NOTEREF ', name, ' \\f \\h </w:instrText></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>', tostring(number), '</w:t></w:r>',
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  }))
end

local function first_call(note, number)
  local id = tostring(BOOKMARK_BASE + number)
  return {
    pandoc.RawInline("openxml", '<w:bookmarkStart w:id="' .. id .. '" w:name="_RefNote' .. number .. '"/>'),
    note,
    pandoc.RawInline("openxml", '<w:bookmarkEnd w:id="' .. id .. '"/>'),
  }
end

-- Column widths like a browser's: each column gets a share of the text width in proportion to
-- its longest cell (note calls left out), so a long label column is not squeezed into a third.
local MIN_CHARS = 6
local PADDING_CHARS = 3  -- the cell margins, about three characters of body text

local function cell_length(cell)
  local text = pandoc.utils.stringify(pandoc.Blocks(cell.contents):walk({
    Note = function() return {} end,
    RawInline = function() return {} end,
  }))
  return math.max(MIN_CHARS, utf8.len(text) or #text) + PADDING_CHARS
end

local function set_widths(tbl)
  local longest = {}
  local function measure(rows)
    for _, row in ipairs(rows) do
      for index, cell in ipairs(row.cells) do
        longest[index] = math.max(longest[index] or 0, cell_length(cell))
      end
    end
  end
  measure(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    measure(body.body)
  end
  local total = 0
  for index = 1, #tbl.colspecs do
    longest[index] = longest[index] or (MIN_CHARS + PADDING_CHARS)
    total = total + longest[index]
  end
  for index, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[index] = {spec[1], longest[index] / total}
  end
  return tbl
end

function Pandoc(doc)
  -- The title: the document's first level-1 heading.
  local blocks = doc.blocks
  if #blocks > 0 and blocks[1].t == "Header" and blocks[1].level == 1 and doc.meta.title == nil then
    doc.meta.title = pandoc.MetaInlines(blocks[1].content)
    blocks:remove(1)
    if #blocks > 0 and blocks[1].t == "Para" then
      blocks[1] = pandoc.Div({blocks[1]}, {["custom-style"] = "Brief Line"})
    end
  end
  -- Keywords given on pandoc's command line are plain strings, which the docx writer leaves
  -- out of the document properties; as inlines they are written.
  local keywords = doc.meta.keywords
  if type(keywords) == "string" then
    keywords = {keywords}
  end
  if keywords ~= nil then
    local list = pandoc.List()
    for _, keyword in ipairs(keywords) do
      list:insert(pandoc.MetaInlines({pandoc.Str(pandoc.utils.stringify(keyword))}))
    end
    doc.meta.keywords = list
  end
  local numbers = {}
  local count = 0
  doc.blocks = blocks:walk({
    Note = function(note)
      local label, clean = take_label(note)
      local number = numbers[label]
      if number ~= nil then
        return repeat_call(number)
      end
      count = count + 1
      numbers[label] = count
      return first_call(clean, count)
    end,
    Image = function(image)
      if image.src:sub(1, 15) ~= "data:image/png;" then
        return image.caption
      end
      image.attributes.width = "82%"
      return image
    end,
    Link = function(link)
      -- A source's address as briefgen writes it (an autolink, its text the address itself) stays
      -- a link, as in the HTML; article text is escaped before it reaches Markdown.
      if link.target:match("^https?://") and pandoc.utils.stringify(link.content) == link.target then
        return link
      end
      return link.content
    end,
    Table = set_widths,
  })
  return doc
end
