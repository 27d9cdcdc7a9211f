# What the SSH parameters warn about, through the built module; no sshd needed (the node is a dead loopback port).
Describe 'The -SkipHostKeyCheck warning' {
    BeforeAll {
        Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $script:deadPort = $listener.LocalEndpoint.Port
        $listener.Stop()
    }

    It 'says plainly that passwords go to, and Set-/Restore- write to, an unverified host (<_>)' -ForEach 'Test-CisKubelet421', 'Set-KubeletAnonymousAuth' {
        $arguments = @{ ComputerName = "nobody@127.0.0.1:$deadPort"; SkipHostKeyCheck = $true; ConnectTimeout = 5; WarningVariable = 'warned'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
        if ($_ -eq 'Set-KubeletAnonymousAuth') { $arguments.Enabled = $false; $arguments.Force = $true }

        $null = & $_ @arguments

        $warned.Count | Should -Be 1
        $text = "$warned"
        $text | Should -Match 'not verified'
        $text | Should -Match 'passwords .* are sent to it'
        $text | Should -Match 'Set-/Restore- write files to it'
    }
}
