// shoumi-agent-service.exe: the Windows service host of the agent (the idea of WinSW, our own ~200 lines).
//
// Why it exists: a service process must call StartServiceCtrlDispatcher and answer the Service Control
// Manager; shoumi-agent.exe is a Node single executable, which cannot, so the SCM would kill it after 30 s
// (error 1053). This host answers the SCM (ServiceBase, .NET Framework 4, built into every supported
// Windows) and runs the agent as its child:
//
//   start:    shoumi-agent.exe ARGS, no window, stdin a pipe, stdout+stderr appended to the log
//   stop:     close the agent's stdin (`run --stop-on-stdin-close` stops as on SIGTERM), wait, then kill
//   crash:    the agent exits while the service runs → the host exits 1, and the SCM's recovery actions
//             (restart ×3, failureflag 1, set by the installer) start the service again
//
// Usage: shoumi-agent-service.exe [--console] [--agent PATH] [--log FILE] [--stop-timeout-ms N]
//                                 [--log-max-bytes N] [--] AGENT-ARGS...
// Host options come first; the first argument not starting with "--" (or everything after "--") begins the
// agent's arguments. --console runs without the SCM until stdin closes or Ctrl+C (tests, debugging).
// Built by agent/packaging/build-sea.ts with Debian's Mono C# compiler (mcs); tested under mono on Linux
// (agent/packaging/windows-service-host.test.ts), which runs the CLR but not the SCM.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.ServiceProcess;
using System.Text;
using System.Threading;

namespace Shoumi
{
    public sealed class HostOptions
    {
        public bool Console;
        public string Agent = Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "shoumi-agent.exe");
        public string Log = @"C:\ProgramData\shoumi\shoumi-agent-service.log";
        public int StopTimeoutMs = 20000;
        public long LogMaxBytes = 10L * 1024 * 1024;
        public string[] AgentArgs = new string[0];

        public const string Usage =
            "usage: shoumi-agent-service.exe [--console] [--agent PATH] [--log FILE] [--stop-timeout-ms N] " +
            "[--log-max-bytes N] [--] AGENT-ARGS...";

        public static HostOptions Parse(string[] args)
        {
            var options = new HostOptions();
            int index = 0;
            Func<string> value = () =>
            {
                if (index + 1 >= args.Length) throw new ArgumentException(args[index] + " needs a value");
                return args[++index];
            };
            for (; index < args.Length && args[index].StartsWith("--"); index++)
            {
                string name = args[index];
                if (name == "--") { index++; break; }
                if (name == "--console") options.Console = true;
                else if (name == "--agent") options.Agent = Path.GetFullPath(value());
                else if (name == "--log") options.Log = Path.GetFullPath(value());
                else if (name == "--stop-timeout-ms") options.StopTimeoutMs = (int)Number(name, value(), 1, int.MaxValue);
                else if (name == "--log-max-bytes") options.LogMaxBytes = Number(name, value(), 1024, long.MaxValue);
                else throw new ArgumentException("unknown option " + name + " (the agent's arguments start with its command, e.g. run)");
            }
            options.AgentArgs = new string[args.Length - index];
            Array.Copy(args, index, options.AgentArgs, 0, options.AgentArgs.Length);
            return options;
        }

        static long Number(string name, string text, long min, long max)
        {
            long parsed;
            if (!long.TryParse(text, out parsed) || parsed < min || parsed > max)
                throw new ArgumentException(name + " \"" + text + "\" is not a whole number from " + min);
            return parsed;
        }
    }

    /// <summary>Appends to one file, moved to FILE.1 (the previous .1 dropped) before it would pass the bound.</summary>
    public sealed class RotatingLog
    {
        readonly string path;
        readonly long maxBytes;
        readonly object gate = new object();
        FileStream stream;

        public RotatingLog(string path, long maxBytes) { this.path = path; this.maxBytes = maxBytes; }

        public void Line(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(
                DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'") + " shoumi-agent-service: " + text + Environment.NewLine);
            Write(bytes, bytes.Length);
        }

        public void Write(byte[] buffer, int count)
        {
            lock (gate)
            {
                try
                {
                    if (stream == null) Open();
                    if (stream.Length > 0 && stream.Length + count > maxBytes) Rotate();
                    stream.Write(buffer, 0, count);
                    stream.Flush();
                }
                catch (Exception)
                {
                    // A full or unwritable disk must not stop the pumps: the agent would block on a full pipe.
                    if (stream != null) stream.Dispose();
                    stream = null;
                }
            }
        }

        void Open()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)));
            stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }

        void Rotate()
        {
            stream.Dispose();
            stream = null;
            string previous = path + ".1";
            if (File.Exists(previous)) File.Delete(previous);
            File.Move(path, previous);
            Open();
        }
    }

    public sealed class ShoumiAgentService : ServiceBase
    {
        readonly HostOptions options;
        readonly RotatingLog log;
        readonly List<Thread> pumps = new List<Thread>();
        Process child;
        volatile bool stopping;

        public ShoumiAgentService(HostOptions options)
        {
            this.options = options;
            log = new RotatingLog(options.Log, options.LogMaxBytes);
            ServiceName = "shoumi-agent";
            CanStop = true;
            CanShutdown = true;
        }

        protected override void OnStart(string[] startArgs) { StartAgent(); }

        protected override void OnStop() { AskForStopTime(); StopAgent(); }

        protected override void OnShutdown() { AskForStopTime(); StopAgent(); }

        // The SCM's default wait is short; the agent may be finishing a sweep into its outbox. ServiceBase
        // throws when the service is not in a pending state (during OnShutdown it may still be RUNNING), and
        // the stop must go on regardless; at system shutdown Windows bounds the total anyway
        // (WaitToKillServiceTimeout), and the kill is the fallback.
        void AskForStopTime()
        {
            try { RequestAdditionalTime(options.StopTimeoutMs + 10000); }
            catch (InvalidOperationException) { }
        }

        public void StartAgent()
        {
            if (!File.Exists(options.Agent))
            {
                log.Line("cannot start: " + options.Agent + " does not exist");
                throw new FileNotFoundException("the agent executable is missing", options.Agent);
            }
            string arguments = CommandLine.Join(options.AgentArgs);
            var info = new ProcessStartInfo(options.Agent, arguments)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(options.Agent),
            };
            child = Process.Start(info);
            log.Line("started " + options.Agent + " (pid " + child.Id + "): " + arguments);
            pumps.Add(Pump(child.StandardOutput.BaseStream));
            pumps.Add(Pump(child.StandardError.BaseStream));
            var watcher = new Thread(WatchChild) { IsBackground = true, Name = "watch agent" };
            watcher.Start();
        }

        public void StopAgent()
        {
            stopping = true;
            if (child == null) return;
            log.Line("stopping: closing the agent's stdin, waiting up to " + options.StopTimeoutMs + " ms");
            try { child.StandardInput.Close(); } catch (Exception error) { log.Line("closing stdin: " + error.Message); }
            if (!child.WaitForExit(options.StopTimeoutMs))
            {
                log.Line("the agent did not stop within " + options.StopTimeoutMs + " ms: killing it");
                try { child.Kill(); } catch (Exception error) { log.Line("kill: " + error.Message); }
                child.WaitForExit(5000);
            }
            JoinPumps();
            log.Line(child.HasExited ? "the agent exited with code " + child.ExitCode : "the agent is still running after kill");
        }

        void WatchChild()
        {
            child.WaitForExit();
            if (stopping) return;
            JoinPumps(); // its last words (a crash's stack) into the log first
            log.Line("the agent exited with code " + child.ExitCode + " while the service was running: exiting 1 so that the SCM restarts the service");
            Environment.Exit(1);
        }

        void JoinPumps()
        {
            foreach (Thread pump in pumps) pump.Join(5000);
        }

        Thread Pump(Stream from)
        {
            var thread = new Thread(() =>
            {
                var buffer = new byte[8192];
                try
                {
                    int read;
                    while ((read = from.Read(buffer, 0, buffer.Length)) > 0) log.Write(buffer, read);
                }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            }) { IsBackground = true, Name = "agent output" };
            thread.Start();
            return thread;
        }

        /// <summary>--console: the same start and stop, driven by this process's stdin and Ctrl+C.</summary>
        public int RunConsole()
        {
            StartAgent();
            var done = new ManualResetEvent(false);
            System.Console.CancelKeyPress += (sender, e) => { e.Cancel = true; done.Set(); };
            var reader = new Thread(() =>
            {
                try
                {
                    Stream stdin = System.Console.OpenStandardInput();
                    var buffer = new byte[256];
                    while (stdin.Read(buffer, 0, buffer.Length) > 0) { }
                }
                catch (IOException) { }
                done.Set();
            }) { IsBackground = true, Name = "console stdin" };
            reader.Start();
            done.WaitOne();
            StopAgent();
            return 0;
        }

        public static int Main(string[] args)
        {
            HostOptions options;
            try { options = HostOptions.Parse(args); }
            catch (ArgumentException error)
            {
                System.Console.Error.WriteLine("shoumi-agent-service: " + error.Message);
                System.Console.Error.WriteLine(HostOptions.Usage);
                return 2;
            }
            var service = new ShoumiAgentService(options);
            if (options.Console) return service.RunConsole();
            if (Environment.UserInteractive)
            {
                // Started by hand, not by the SCM: ServiceBase.Run would only fail (error 1063).
                System.Console.Error.WriteLine("shoumi-agent-service: this is the shoumi-agent service host; the Service " +
                    "Control Manager starts it (sc.exe start shoumi-agent), or try it here with --console");
                System.Console.Error.WriteLine(HostOptions.Usage);
                return 2;
            }
            ServiceBase.Run(service);
            return 0;
        }
    }

    /// <summary>Windows command-line quoting (the rules CommandLineToArgvW and Node's runtime parse by).</summary>
    public static class CommandLine
    {
        public static string Join(string[] args)
        {
            var parts = new string[args.Length];
            for (int i = 0; i < args.Length; i++) parts[i] = Quote(args[i]);
            return string.Join(" ", parts);
        }

        public static string Quote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0) return arg;
            var quoted = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                // Backslashes are literal except before a quote, where they escape: double them there.
                quoted.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                quoted.Append(c);
                backslashes = 0;
            }
            quoted.Append('\\', backslashes * 2);
            quoted.Append('"');
            return quoted.ToString();
        }
    }
}
