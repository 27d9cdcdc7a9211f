# Issue 10, item 14: a node names its files and writes its values; a name holding ESC [ 2 J once reached the
# console and CSV as a live escape sequence. Node-supplied text reaches rows and ErrorRecords escaped as \xNN.
BeforeAll {
    Import-Module $env:KUBELETCOMPLIANCE_MODULE -Force
}

Describe 'Terminal escape sequences planted in a node''s file names' {
    BeforeAll {
        $script:node = Join-Path ([IO.Path]::GetTempPath()) ('kc-escape-' + [guid]::NewGuid().ToString('N'))
        $esc = [char]0x1b
        $script:configName = "conf${esc}[2J${esc}]0;pwned$([char]7).yaml"
        New-Item -ItemType Directory (Join-Path $node 'etc/systemd/system') | Out-Null
        New-Item -ItemType Directory (Join-Path $node 'var/lib/kubelet') | Out-Null
        Set-Content (Join-Path $node 'etc/systemd/system/kubelet.service') "[Service]`nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/$configName`n"
        # The config file is missing: the node is an Error whose Reason and ErrorRecord name the planted path.
    }

    AfterAll { Remove-Item -Recurse -Force $node }

    It 'the row''s Reason, SourcePath and the ErrorRecord show the escape sequence as text' {
        $row = Test-CisKubelet421 -Root $node
        $row.Status | Should -Be 'Error'
        $row.Reason | Should -Match ([regex]::Escape('conf\x1b[2J\x1b]0;pwned\x07.yaml'))
        $row.Reason.IndexOf([char]0x1b) | Should -Be -1
        $row.SourcePath.IndexOf([char]0x1b) | Should -Be -1

        Get-KubeletAnonymousAuth -Root $node -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures[0].ErrorDetails.Message.IndexOf([char]0x1b) | Should -Be -1
        $failures[0].ErrorDetails.Message | Should -Match ([regex]::Escape('\x1b[2J'))
    }

    It 'an exported CSV holds no control character from the node' {
        $csv = Join-Path $node 'report.csv'
        Test-CisKubelet421 -Root $node | Export-Csv $csv
        $text = [IO.File]::ReadAllText($csv)
        $text.IndexOf([char]0x1b) | Should -Be -1
        $text.IndexOf([char]7) | Should -Be -1
    }
}
