using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Linq;

namespace KubeletCompliance.StandIns
{
    /// <summary>The kubelet's settings that decide how it answers a request without credentials.</summary>
    public enum KubeletAuthMode
    {
        AnonymousDisabled,
        AnonymousWithWebhook,
        AnonymousWithAlwaysAllow,
        AnonymousWithFailingWebhook,
    }

    /// <summary>Port 10250 as the kubelet's InstallAuthFilter answers a request that carries no credentials.</summary>
    public sealed class KubeletStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private KubeletStandIn(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        public int Port { get; }

        public static async Task<KubeletStandIn> StartAsync(KubeletAuthMode mode, TestCertificateAuthority pki, IPAddress address = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(address ?? IPAddress.Loopback, 0, listen => listen.UseHttps(pki.ServerCertificate)));
            WebApplication app = builder.Build();
            app.Run(context => Answer(mode, context));
            await app.StartAsync();
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            return new KubeletStandIn(app, new Uri(bound).Port);
        }

        private static Task Answer(KubeletAuthMode mode, HttpContext context)
        {
            const string attributes = "user=system:anonymous, verb=get, resource=nodes, subresource=proxy";
            switch (mode)
            {
                case KubeletAuthMode.AnonymousDisabled:
                    context.Response.StatusCode = 401;
                    return context.Response.WriteAsync("Unauthorized");
                case KubeletAuthMode.AnonymousWithWebhook:
                    context.Response.StatusCode = 403;
                    return context.Response.WriteAsync("Forbidden (" + attributes + ")");
                case KubeletAuthMode.AnonymousWithFailingWebhook:
                    context.Response.StatusCode = 500;
                    return context.Response.WriteAsync("Authorization error (" + attributes + ")");
                default:
                    context.Response.StatusCode = 200;
                    return context.Response.WriteAsync("ok");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
