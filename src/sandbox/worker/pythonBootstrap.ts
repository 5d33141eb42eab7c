/**
 * Python run once after Pyodide loads, before any user code: it removes the JavaScript bridges
 * (`js`, `pyodide_js`) from the import system, refuses imports that reach the host or raw memory
 * from user code, scrubs the environment, and defines `_sandbox_run`, which runs one call's code in a
 * namespace that persists for the worker's life, with capped stdout/stderr and a REPL-style value.
 * This is the first layer only; lockdown.ts makes the JavaScript realm behind it harmless too.
 */
export const PYTHON_BOOTSTRAP = String.raw`
def _sandbox_setup(max_chars):
    import ast, builtins, importlib, io, json, linecache, os, sys, traceback
    from _pyodide._importhook import jsfinder

    for name in ('js', 'pyodide_js'):
        try:
            jsfinder.unregister_js_module(name)
        except Exception:
            pass
    for name in list(sys.modules):
        if name in ('js', 'pyodide_js') or name.startswith(('js.', 'pyodide_js.')):
            del sys.modules[name]

    blocked = {
        'js': 'the JavaScript bridge is disabled in the sandbox',
        'pyodide_js': 'the JavaScript bridge is disabled in the sandbox',
        'pyodide': 'the pyodide package (JavaScript bridge, fetch, package loading) is disabled in the sandbox',
        '_pyodide': 'pyodide internals are disabled in the sandbox',
        '_pyodide_core': 'pyodide internals are disabled in the sandbox',
        'micropip': 'installing packages needs the network, which the sandbox does not have',
        'ctypes': 'ctypes (raw memory and C calls) is disabled in the sandbox',
        '_ctypes': 'ctypes (raw memory and C calls) is disabled in the sandbox',
    }

    def refusal(name):
        top = name.split('.')[0]
        reason = blocked.get(top)
        return None if reason is None else ImportError("import of '%s' is not allowed: %s" % (name, reason), name=name)

    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (globals is None or globals.get('__name__') == '__main__'):
            err = refusal(name)
            if err is not None:
                raise err
        return real_import(name, globals, locals, fromlist, level)

    real_import_module = importlib.import_module

    def guarded_import_module(name, package=None):
        err = refusal(name)
        if err is not None:
            raise err
        return real_import_module(name, package)

    builtins.__import__ = guarded_import
    importlib.import_module = guarded_import_module

    for key in list(os.environ):
        if key not in ('HOME', 'LANG', 'PATH', 'PWD', 'USER', 'LOGNAME'):
            del os.environ[key]

    class Budget:
        def __init__(self):
            self.parts = {'stdout': [], 'stderr': []}
            self.used = 0
            self.dropped = 0

        def write(self, stream, text):
            room = max_chars - self.used
            if room <= 0:
                self.dropped += len(text)
                return
            if len(text) > room:
                self.dropped += len(text) - room
                text = text[:room]
            self.used += len(text)
            self.parts[stream].append(text)

    class Stream(io.TextIOBase):
        def __init__(self, budget, name):
            self._budget = budget
            self._name = name

        def writable(self):
            return True

        def write(self, text):
            if not isinstance(text, str):
                raise TypeError('write() argument must be str, not %s' % type(text).__name__)
            self._budget.write(self._name, text)
            return len(text)

    namespace = {'__name__': '__main__', '__builtins__': builtins}
    filename = '<code>'

    def user_traceback(error):
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != filename:
            tb = tb.tb_next
        te = traceback.TracebackException(type(error), error, tb)
        te.stack = traceback.StackSummary.from_list([f for f in te.stack if f.filename != '<exec>'])
        lines = list(te.format())
        return ''.join(lines[-40:]).rstrip()

    def cut(text):
        return text if len(text) <= max_chars else text[:max_chars] + ' ...[value cut at %d of %d characters]' % (max_chars, len(text))

    def run(code):
        budget = Budget()
        result = {}
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = Stream(budget, 'stdout'), Stream(budget, 'stderr')
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            try:
                tree = compile(code, filename, 'exec', ast.PyCF_ONLY_AST)
            except (SyntaxError, ValueError) as error:
                result['kind'] = 'syntax'
                if isinstance(error, SyntaxError):
                    text = (error.text or '').rstrip('\n')
                    result['error'] = '%s: %s (line %s)%s' % (type(error).__name__, error.msg, error.lineno, ('\n    ' + text.strip()) if text.strip() else '')
                else:
                    result['error'] = 'SyntaxError: %s' % error
                return json.dumps(result)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            try:
                exec(compile(tree, filename, 'exec'), namespace)
                if last is not None:
                    value = eval(compile(last, filename, 'eval'), namespace)
                    if value is not None:
                        result['value'] = cut(repr(value))
            except KeyboardInterrupt:
                result['kind'] = 'timeout'
            except MemoryError as error:
                result['kind'] = 'memory'
                result['error'] = user_traceback(error)
            except SystemExit as error:
                result['kind'] = 'runtime'
                result['error'] = 'SystemExit: %s (sys.exit ends only this call)' % (error.code,)
            except BaseException as error:
                result['kind'] = 'runtime'
                result['error'] = user_traceback(error)
        finally:
            sys.stdout, sys.stderr = saved
        result['stdout'] = ''.join(budget.parts['stdout'])
        result['stderr'] = ''.join(budget.parts['stderr'])
        result['dropped'] = budget.dropped
        return json.dumps(result)

    return run
`;
