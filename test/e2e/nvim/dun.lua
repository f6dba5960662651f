-- Dun in Neovim 0.7 or later: `.dun` files get the `dun` filetype, and the first one opened
-- starts Dun's language server (`node dist/server.js --stdio`) for its workspace (the enclosing
-- git repository, else the current directory); every other `.dun` buffer there joins it.
--
--   require('dun').setup({ server = '/path/to/dun/dist/server.js' })
--   -- optional: settings = { dun = { today = '2026-05-04', rules = { overdue = 'info' } } }
local M = {}

function M.setup(opts)
  local clients = {} -- workspace root -> client id
  vim.cmd([[autocmd BufRead,BufNewFile *.dun setfiletype dun]])
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'dun',
    callback = function(args)
      local file = vim.api.nvim_buf_get_name(args.buf)
      local git = vim.fn.finddir('.git', vim.fn.fnamemodify(file, ':p:h') .. ';')
      local root = git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or vim.fn.getcwd()
      if not (clients[root] and vim.lsp.get_client_by_id(clients[root])) then
        clients[root] = vim.lsp.start_client({
          name = 'dun',
          cmd = { 'node', opts.server, '--stdio' },
          root_dir = root,
          settings = opts.settings or {},
          -- Neovim 0.7 neither announces `workspace/configuration` nor sends the settings by
          -- itself: push them once the server is up (as nvim-lspconfig does).
          on_init = function(client)
            client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
          end,
        })
      end
      vim.lsp.buf_attach_client(args.buf, clients[root])
    end,
  })
end

return M
