namespace KubeletCompliance.Core.Live
{
    /// <summary>What one unauthenticated request to the kubelet's port says about its anonymous setting.</summary>
    public enum ProbeVerdict
    {
        /// <summary>401: the kubelet's authentication filter refused the request, so anonymous authentication is off.</summary>
        Rejected,

        /// <summary>
        /// 403: the request was authenticated as <c>system:anonymous</c> and then refused by authorization, so
        /// anonymous authentication is on (the authorizer merely stopped this one request).
        /// </summary>
        AnonymousForbidden,

        /// <summary>2xx: the request was authenticated as <c>system:anonymous</c> and served.</summary>
        AnonymousAllowed,

        /// <summary>
        /// No answer that the kubelet's authentication filter could have given: a network or TLS failure, a
        /// time-out, or any status other than 401, 403 and 2xx (a redirect, a 404 or a 5xx comes from something
        /// else listening on the port, or from a failure after authentication that does not say who we were).
        /// </summary>
        Unreachable,
    }
}
