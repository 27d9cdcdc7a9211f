namespace KubeletCompliance.Core.Flags
{
    /// <summary>Go's strconv.ParseBool, which pflag uses for every bool flag value.</summary>
    public static class GoBool
    {
        public static bool TryParse(string text, out bool value)
        {
            switch (text)
            {
                case "1": case "t": case "T": case "TRUE": case "true": case "True":
                    value = true;
                    return true;
                case "0": case "f": case "F": case "FALSE": case "false": case "False":
                    value = false;
                    return true;
                default:
                    value = false;
                    return false;
            }
        }
    }
}
