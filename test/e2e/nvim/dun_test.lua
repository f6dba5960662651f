-- Dun's language server in headless Neovim 0.7, configured by ./dun.lua exactly as the README
-- shows: the diagnostics of the example case arrive with the right codes and lines, the hover
-- over an invoice id shows its figures, the step-due quick fix is applied by Neovim's own code
-- action path, and an edit by hand clears a diagnostic.
--
-- The expectations come from test/e2e/scenarios.ts as JSON ($DUN_E2E_SPEC); the results go to
-- the JSON file the spec names, one { name, ok, detail } per check. Run by nvim.e2e.ts:
--   nvim --headless --clean -n -i NONE -c "luafile test/e2e/nvim/dun_test.lua"
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(vim.env.DUN_E2E_SPEC), '\n'))
local results = {}

local function wait(what, ms, predicate)
  if not vim.wait(ms, predicate, 50) then
    error('timed out after ' .. ms .. ' ms waiting for ' .. what, 0)
  end
end

local function check(name, body)
  local ok, err = pcall(body)
  table.insert(results, { name = name, ok = ok, detail = ok and '' or tostring(err) })
end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(results) }, spec.results)
  vim.cmd('qall!')
end

--- The buffer's diagnostics as { code, line (1-based), message }.
local function shown(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, { code = code, line = d.lnum + 1, message = d.message })
  end
  return list
end

--- Expected diagnostics not shown, and shown ones not expected (as scenarios.ts diagnosticsDiff).
local function diff(list, expected)
  local left = vim.deepcopy(list)
  local missing = {}
  for _, want in ipairs(expected) do
    local found
    for i, d in ipairs(left) do
      if d.code == want.code and d.line == want.line and d.message:find(want.message, 1, true) then
        found = i
        break
      end
    end
    if found then table.remove(left, found) else table.insert(missing, want) end
  end
  return missing, left
end

local function describe(list)
  local lines = {}
  for _, d in ipairs(list) do table.insert(lines, string.format('%d %s: %s', d.line, d.code, d.message)) end
  return table.concat(lines, '\n  ')
end

local function is_fixed_one(d)
  return d.code == spec.fix.code and d.line == spec.fix.line and d.message:find(spec.fix.message, 1, true) ~= nil
end

local function other_steps_due(list)
  local messages = {}
  for _, d in ipairs(list) do
    if d.code == 'step-due' and d.line ~= spec.fix.line then table.insert(messages, d.message) end
  end
  table.sort(messages)
  return table.concat(messages, '\n')
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local ok, err = pcall(function()
  dofile(spec.config).setup({ server = spec.server, settings = { dun = { today = spec.today } } })
  vim.cmd('cd ' .. vim.fn.fnameescape(spec.workspace))
  vim.cmd('edit ' .. vim.fn.fnameescape(spec.file))
  local buf = vim.api.nvim_get_current_buf()

  check('diagnostics', function()
    assert(vim.bo[buf].filetype == 'dun', 'filetype is "' .. vim.bo[buf].filetype .. '", not dun')
    wait('the language server to attach', 10000, function() return next(vim.lsp.buf_get_clients(buf)) ~= nil end)
    local missing, unexpected = {}, {}
    local arrived = vim.wait(15000, function()
      missing, unexpected = diff(shown(buf), spec.diagnostics)
      return #missing == 0 and #unexpected == 0
    end, 50)
    if not arrived then
      error('diagnostics differ; missing:\n  ' .. describe(missing) .. '\nunexpected:\n  ' .. describe(unexpected), 0)
    end
  end)

  check('hover', function()
    vim.api.nvim_win_set_cursor(0, { spec.hover.line, spec.hover.column - 1 })
    vim.lsp.buf.hover()
    local text
    wait('the hover window', 5000, function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
          return text:find(spec.hover.word, 1, true) ~= nil
        end
      end
      return false
    end)
    local plain = text:gsub('%*', ''):gsub('%s+', ' ')
    for label, value in pairs(spec.hover.rows) do
      assert(plain:find('| ' .. label .. ' | ' .. value .. ' |', 1, true), 'no row "' .. label .. ' | ' .. value .. '" in the hover:\n' .. text)
    end
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then vim.api.nvim_win_close(win, true) end
    end
  end)

  check('code action', function()
    local before = shown(buf)
    local offered = false
    for _, d in ipairs(before) do if is_fixed_one(d) then offered = true end end
    assert(offered, 'no ' .. spec.fix.code .. ' on line ' .. spec.fix.line .. ' to fix')
    vim.api.nvim_win_set_cursor(0, { spec.fix.line, spec.fix.column - 1 })
    local titles = {}
    -- The user's pick in the menu: the action with the expected title.
    vim.ui.select = function(items, opts, on_choice)
      for i, item in ipairs(items) do
        local action = item.action or item[2]
        table.insert(titles, action.title)
        if action.title == spec.fix.title then return on_choice(item, i) end
      end
      on_choice(nil, nil)
    end
    vim.lsp.buf.code_action()
    local inserted = table.concat(spec.fix.inserted, '\n')
    wait('the quick fix "' .. spec.fix.title .. '" to edit the buffer (offered: ' .. vim.inspect(titles) .. ')', 10000, function()
      return buffer_text(buf):find(inserted, 1, true) ~= nil
    end)
    wait('the fixed ' .. spec.fix.code .. ' to go', 10000, function()
      for _, d in ipairs(shown(buf)) do if is_fixed_one(d) then return false end end
      return true
    end)
    assert(other_steps_due(shown(buf)) == other_steps_due(before), 'other steps due changed:\n' .. describe(shown(buf)))
  end)

  check('change clears diagnostic', function()
    local function present()
      for _, d in ipairs(shown(buf)) do
        if d.code == spec.change.code and d.line == spec.change.line then return true end
      end
      return false
    end
    assert(present(), 'no ' .. spec.change.code .. ' on line ' .. spec.change.line .. ' before the change')
    local row = spec.change.line - 1
    local line = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
    local from = line:find(spec.change.replace, 1, true)
    assert(from, 'line ' .. spec.change.line .. ' has no "' .. spec.change.replace .. '": ' .. line)
    vim.api.nvim_buf_set_text(buf, row, from - 1, row, from - 1 + #spec.change.replace, { spec.change.with })
    wait(spec.change.code .. ' on line ' .. spec.change.line .. ' to clear', 10000, function() return not present() end)
  end)
end)

if not ok then table.insert(results, { name = 'setup', ok = false, detail = tostring(err) }) end
finish()
