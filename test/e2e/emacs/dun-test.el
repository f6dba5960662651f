;;; dun-test.el --- Dun's language server in Emacs 28 + eglot, in batch  -*- lexical-binding: t -*-

;; Loads ./dun-mode.el (the configuration the README shows), opens the example case, and runs
;; the checks of test/e2e/scenarios.ts: diagnostics with the right codes and lines, the hover
;; over an invoice id, the step-due quick fix through eglot's own code-action command, and an
;; edit by hand that clears a diagnostic.
;;
;; The expectations come as JSON ($DUN_E2E_SPEC); the results go to the JSON file the spec
;; names, one {name, ok, detail} per check. Run by emacs.e2e.ts:
;;   emacs --batch -l test/e2e/emacs/dun-test.el     (no -Q: Debian's eglot loads at start-up)

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar dun-test-spec
  (json-parse-string (with-temp-buffer
                       (insert-file-contents (getenv "DUN_E2E_SPEC"))
                       (buffer-string))
                     :object-type 'alist :array-type 'list))

(defvar dun-test-results nil "Newest first: alists of name, ok, detail.")

(defun dun-test-spec (&rest path)
  "The value at PATH (symbols) in the spec."
  (let ((value dun-test-spec))
    (dolist (key path value) (setq value (alist-get key value)))))

(defun dun-test-wait (what seconds predicate)
  "Polls PREDICATE while serving the server's messages; an error after SECONDS."
  (let ((deadline (+ (float-time) seconds)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "timed out after %s s waiting for %s" seconds what))
      (accept-process-output nil 0.05))))

(defmacro dun-test-check (name &rest body)
  "Runs BODY as the check NAME and records whether it signalled."
  (declare (indent 1))
  `(push (condition-case err
             (progn ,@body `((name . ,,name) (ok . t) (detail . "")))
           (error `((name . ,,name) (ok . :json-false) (detail . ,(error-message-string err)))))
         dun-test-results))

(defun dun-test-shown ()
  "The buffer's diagnostics as eglot last received them: alists of code, line, message."
  (mapcar (lambda (diag)
            (let ((lsp (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diag)))))
              `((code . ,(plist-get lsp :code))
                (line . ,(line-number-at-pos (flymake-diagnostic-beg diag) t))
                (message . ,(plist-get lsp :message)))))
          eglot--diagnostics))

(defun dun-test-matches (shown want)
  (and (equal (alist-get 'code shown) (alist-get 'code want))
       (equal (alist-get 'line shown) (alist-get 'line want))
       (string-search (alist-get 'message want) (alist-get 'message shown))))

(defun dun-test-diff (shown expected)
  "(MISSING . UNEXPECTED) between SHOWN and EXPECTED, as scenarios.ts `diagnosticsDiff'."
  (let ((left (copy-sequence shown)) missing)
    (dolist (want expected)
      (let ((found (cl-find-if (lambda (d) (dun-test-matches d want)) left)))
        (if found (setq left (delq found left)) (push want missing))))
    (cons (nreverse missing) left)))

(defun dun-test-describe (list)
  (mapconcat (lambda (d) (format "%s %s: %s" (alist-get 'line d) (alist-get 'code d) (alist-get 'message d)))
             list "\n  "))

(defun dun-test-goto (line column)
  (goto-char (point-min))
  (forward-line (1- line))
  (forward-char (1- column)))

(defun dun-test-send-changes ()
  "Sends the pending edits now, as eglot's idle timer would; batch Emacs is never idle."
  (when eglot--change-idle-timer
    (cancel-timer eglot--change-idle-timer)
    (setq eglot--change-idle-timer nil))
  (eglot--signal-textDocument/didChange))

(defun dun-test-fixed-one-p (d)
  (dun-test-matches d (dun-test-spec 'fix)))

(defun dun-test-other-steps-due (list)
  (sort (cl-loop for d in list
                 when (and (equal (alist-get 'code d) "step-due")
                           (not (equal (alist-get 'line d) (dun-test-spec 'fix 'line))))
                 collect (alist-get 'message d))
        #'string<))

(defun dun-test-run ()
  (setq dun-server-js (dun-test-spec 'server))
  (load (dun-test-spec 'config) nil t)
  (setq-default eglot-workspace-configuration `(:dun (:today ,(dun-test-spec 'today))))
  (find-file (dun-test-spec 'file))
  ;; eglot-ensure connects after the first command, as when the user first presses a key.
  (run-hooks 'post-command-hook)

  (dun-test-check "diagnostics"
    (unless (eq major-mode 'dun-mode) (error "major mode is %s, not dun-mode" major-mode))
    (dun-test-wait "eglot to manage the buffer" 15 (lambda () (bound-and-true-p eglot--managed-mode)))
    (let ((diff nil))
      (condition-case nil
          (dun-test-wait "the expected diagnostics" 15
                         (lambda ()
                           (setq diff (dun-test-diff (dun-test-shown) (dun-test-spec 'diagnostics)))
                           (and (null (car diff)) (null (cdr diff)))))
        (error (error "diagnostics differ; missing:\n  %s\nunexpected:\n  %s"
                      (dun-test-describe (car diff)) (dun-test-describe (cdr diff)))))))

  (dun-test-check "hover"
    (dun-test-goto (dun-test-spec 'hover 'line) (dun-test-spec 'hover 'column))
    (let* ((hover (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover
                                   (eglot--TextDocumentPositionParams)))
           (text (eglot--hover-info (plist-get hover :contents) (plist-get hover :range)))
           (plain (replace-regexp-in-string "[ \t]+" " " (replace-regexp-in-string "\\*" "" text))))
      (dolist (row (dun-test-spec 'hover 'rows))
        (let ((wanted (format "| %s | %s |" (car row) (cdr row))))
          (unless (string-search wanted plain)
            (error "no row \"%s\" in the hover:\n%s" wanted text))))))

  (dun-test-check "code action"
    (let ((before (dun-test-shown))
          (title (dun-test-spec 'fix 'title))
          (inserted (string-join (dun-test-spec 'fix 'inserted) "\n"))
          offered)
      (unless (cl-some #'dun-test-fixed-one-p before)
        (error "no %s on line %s to fix" (dun-test-spec 'fix 'code) (dun-test-spec 'fix 'line)))
      (dun-test-goto (dun-test-spec 'fix 'line) (dun-test-spec 'fix 'column))
      (flymake-start nil t)
      (dun-test-wait "flymake to list the diagnostics at point" 10 (lambda () (flymake-diagnostics (point))))
      ;; The user's pick in eglot's menu: the action with the expected title.
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest _)
                   (setq offered (mapcar #'car collection))
                   (if (member title offered) title (error "no \"%s\" among %S" title offered)))))
        (let ((last-nonmenu-event ?\r))
          (eglot-code-actions (point) nil nil t)))
      (dun-test-wait (format "the quick fix to insert %S" inserted) 10
                     (lambda () (string-search inserted (buffer-string))))
      (dun-test-send-changes)
      (dun-test-wait "the fixed diagnostic to go" 10
                     (lambda () (not (cl-some #'dun-test-fixed-one-p (dun-test-shown)))))
      (unless (equal (dun-test-other-steps-due (dun-test-shown)) (dun-test-other-steps-due before))
        (error "other steps due changed:\n  %s" (dun-test-describe (dun-test-shown))))))

  (dun-test-check "change clears diagnostic"
    (let* ((code (dun-test-spec 'change 'code))
           (line (dun-test-spec 'change 'line))
           (present (lambda ()
                      (cl-some (lambda (d) (and (equal (alist-get 'code d) code) (equal (alist-get 'line d) line)))
                               (dun-test-shown)))))
      (unless (funcall present) (error "no %s on line %s before the change" code line))
      (dun-test-goto line 1)
      (unless (search-forward (dun-test-spec 'change 'replace) (line-end-position) t)
        (error "line %s has no %s" line (dun-test-spec 'change 'replace)))
      (replace-match (dun-test-spec 'change 'with) t t)
      (dun-test-send-changes)
      (dun-test-wait (format "%s on line %s to clear" code line) 10
                     (lambda () (not (funcall present)))))))

(condition-case err
    (dun-test-run)
  (error (push `((name . "setup") (ok . :json-false) (detail . ,(error-message-string err))) dun-test-results)))

(with-temp-file (dun-test-spec 'results)
  (insert (json-encode (vconcat (reverse dun-test-results)))))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)

;;; dun-test.el ends here
