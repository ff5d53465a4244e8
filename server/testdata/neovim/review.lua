-- Drives Neovim's own LSP client (0.7) against `gatehouse serve` the way a
-- person would: open the file, wait for the pending edit's code lenses, run
-- "Show diff" on the hunk, then "Accept all in file". Everything it sees is
-- written to $GH_OUT, one line each, for the Go test to check.
local out = assert(io.open(os.getenv("GH_OUT"), "a"))
local function log(...)
  out:write(table.concat({ ... }, " ") .. "\n")
  out:flush()
end

vim.lsp.set_log_level("warn")
-- Warnings the client shows the person (an unknown lens command, say).
vim.notify = function(msg, level)
  log("notify", tostring(level), (msg:gsub("\n", " ")))
end
-- window/showMessage (Info) is written to the message area.
vim.api.nvim_out_write = function(msg)
  log("message", (msg:gsub("\n", " ")))
end
-- codelens.run() asks which lens when a line has several: pick by title.
local pick
vim.ui.select = function(items, opts, on_choice)
  for i, item in ipairs(items) do
    if opts.format_item(item):find(pick, 1, true) == 1 then
      return on_choice(item, i)
    end
  end
  log("error", "no lens titled " .. pick)
  on_choice(nil, nil)
end

local ok, err = pcall(function()
  vim.cmd("edit " .. os.getenv("GH_FILE"))
  local id = vim.lsp.start_client({
    name = "gatehouse",
    cmd = { os.getenv("GH_BIN"), "serve", "--socket", os.getenv("GH_SOCKET") },
    root_dir = os.getenv("GH_WS"),
  })
  vim.lsp.buf_attach_client(0, id)
  assert(vim.wait(15000, function()
    local c = vim.lsp.get_client_by_id(id)
    return c ~= nil and c.server_capabilities ~= nil
  end, 50), "the server did not initialize")
  log("ready")

  local titles
  assert(vim.wait(25000, function()
    vim.lsp.codelens.refresh()
    vim.wait(200)
    titles = {}
    for _, l in ipairs(vim.lsp.codelens.get(0)) do
      if l.command then
        table.insert(titles, l.command.title)
      end
    end
    return #titles > 0
  end, 300), "no code lenses appeared")
  log("lenses", table.concat(titles, "|"))

  vim.api.nvim_win_set_cursor(0, { tonumber(os.getenv("GH_LINE")), 0 })
  pick = "Show diff"
  vim.lsp.codelens.run()
  vim.wait(1500)
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  pick = "Accept all in file"
  vim.lsp.codelens.run()
  vim.wait(1500)
  log("lsplog", vim.lsp.get_log_path())
end)
if not ok then
  log("error", tostring(err))
end
log("done")
vim.cmd("qa!")
