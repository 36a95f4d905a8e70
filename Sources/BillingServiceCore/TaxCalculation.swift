/// Tax on an invoice, in integer minor units.
///
/// Rounding rule: the tax is computed once, on the invoice subtotal (not per line):
/// `subtotal × rate / 10 000`, rounded half-to-even to whole minor units
/// (banker's rounding: 0.5 goes to the even neighbour, so 12.5 → 12 and 13.5 → 14).
public enum TaxCalculation {
    /// The tax on `subtotal` minor units at `basisPoints` (1900 = 19 %).
    /// - Parameters:
    ///   - subtotal: non-negative amount in minor units.
    ///   - basisPoints: the rate in hundredths of a percent.
    public static func tax(onSubtotal subtotal: Int64, basisPoints: Int64) -> Int64 {
        let (product, overflow) = subtotal.multipliedReportingOverflow(by: basisPoints)
        precondition(!overflow, "tax computation overflows Int64")
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        let twice = remainder * 2
        if twice > 10_000 || (twice == 10_000 && quotient % 2 != 0) { return quotient + 1 }
        return quotient
    }
}
