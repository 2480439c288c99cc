namespace SalesInsightActions.Simulators.Entra;

/// <summary>
/// The issuer's fixed RSA signing key. Fixed on purpose: relying parties cache the JWKS by kid, and a
/// new key under the same kid while an app runs fails validation (IDX10511). Test-only key, not a secret.
/// </summary>
internal static class EntraSigningKeyPem
{
    public const string Pem = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAr0Rip/BqP/MlRUsy/A47taZrMzX6Ol3IWM/q4gRjtdNjsHws
        SWgaPKk+ZP7KIaQ0USRw+L7v7A1kTc4l2W4jxm9Hz06dfVN4ZAIl0ESK/+X/MvQd
        T1Z3qaNUlPugFIFQ1z0D7c5bkIDxS83WMgaxmeINlQ/HVo1GgpjU+zYlHJD5fE/W
        YoLSzE+0B3/fkXaNY6HH/9JNZZmehNT5pz3YE3pbEkZOOGgN9ghiOvGadbDw6w8N
        FBTNp1VUMEL7pUUElhlkYeLXtBA0oOhfb+cf/mU6GfFpQT3tQujN5sj8UCmFSk7P
        jhv5Jh1EqSgjGIuhXca4q4X98T/dHlR+9XdyewIDAQABAoIBAAiEzXNu+xaiFBZJ
        9pNEgvJWz8kue4LrSsnjLv4OxDokmxqnuDKro9XvhYHLDvqaZYYikZQ9jAVzxWc/
        Y3Ifoiuf/kCWFnM1seeYRSEE1L67C+/DzBEgSyuo5ntE23a6yo8o9/5rLRuZG33E
        O5xfo3jLVrBxPYBi9PABvORfW7z5PaehS0a1w2hYJ+KfbPHUisdFJmmHyKqZPsWh
        2SyBp2/0MDNIxFW7VPBZiceje5DQiFr1HQ4eOpcmBvOhMf4WO5hTlCZl4awYd7+V
        0W6A3czBEGOhLespl0NcK6m6zriTNAocM88EF8oKCrlRBo0SXVaGln4FPdFOn/Ey
        QsLwKuUCgYEA3ai8ftHIFqHhw+TpRdlUAoi+O1n3nu9HTV0TKts97ZZm9axZj1D4
        cQiGwmBVP6SzGO6055ecSez1c1DlHXFMXUFDwXZppmT1NmxEGJgFAY/eVR55E2s5
        FiSMeArb99jKweD3UJpotZ1F+b4xddDqQAPgGUkkNhzcrRSdEAYUaOcCgYEAymuw
        AT8XXu1NAmH/5w1KDCPvTdXkuHENHRU5CfDVwAqsGCQTXIRjX+Rvhuh60P6R0R17
        0tmyKBjj14GP6dMaIlm+yYwEaxKGODHvZWo5tBMCQ5pxm328LBe9fiKqHtF3tUOY
        MqTS0tBQbdyu0AtJOr08ZR95vQ1WJxLUr5MHU00CgYAxPc36ImJf3MCJwy2rTbdj
        BLu19auTzDY70oRyjdf5EuN2ij4vH17BxZIiVkI57D25OTZJCJ44sgJpBryPSN8d
        DGWf8c1QoLb0yyJpkEP0b+CFakqdbMF20NG/zTHGoouQfIiUiGjgh7rG22CjerC/
        Xd0H4P7BYrIHZT/rEl6wWwKBgA3T73EWW0Vb1p/sC+w/xygvKEDb9MT4zBmJgp0A
        O8njsL/xbvUqAhPh6hCAPyuZyGJNrlDIGFiO4rmtGySxDB7+nH7uNrsNx+d82crG
        x+xaRBRUL6CcpUcp1AMS4SY7zv6uAG6tPc2y91uZ8MM7kiQWG1MZJFra12DR83+O
        /rgdAoGBAJdkGtU84dcnVTMsW8M6pkgSkg3zOwHhpzB5LwGmQXMjUMQ7VtxxOvu2
        e0+89XGtxWBdAXa9Djo3Vd8UC05/XtKG2WqCXnFJcic8QWxJBDt54hMbapggdkX1
        qvDgCVfUto0+gysk/SklI8gADmOWKEyzL1auHMNA1K8L5iYK5eDf
        -----END RSA PRIVATE KEY-----
        """;
}
