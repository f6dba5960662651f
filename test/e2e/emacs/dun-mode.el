;;; dun-mode.el --- Dun collections ledgers in Emacs: a minimal major mode and eglot  -*- lexical-binding: t -*-

;; `.dun' files open in `dun-mode', and eglot starts Dun's language server
;; (`node dist/server.js --stdio') for their project. Set `dun-server-js' to the
;; server of your Dun checkout before loading this file.
;; Settings go in `eglot-workspace-configuration', e.g. in the project's .dir-locals.el:
;;   ((nil . ((eglot-workspace-configuration . (:dun (:today "2026-05-04"))))))

;;; Code:

(require 'eglot)

(defvar dun-server-js "/path/to/dun/dist/server.js"
  "Dun's language server: dist/server.js of a Dun checkout.")

(defvar dun-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?\; "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?- "_" table)
    table)
  "`;' starts a comment to the end of the line; ids may hold `-'.")

(define-derived-mode dun-mode prog-mode "Dun"
  "Major mode for Dun collections ledgers (.dun files)."
  (setq-local comment-start "; ")
  (setq-local comment-start-skip ";+\\s-*"))

(add-to-list 'auto-mode-alist '("\\.dun\\'" . dun-mode))
(add-to-list 'eglot-server-programs `(dun-mode . ("node" ,dun-server-js "--stdio")))
(add-hook 'dun-mode-hook #'eglot-ensure)

(provide 'dun-mode)
;;; dun-mode.el ends here
