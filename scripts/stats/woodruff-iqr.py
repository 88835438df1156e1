#!/usr/bin/env python3
# Issue 23, (c') IQR ratio: a Woodruff (1952, JASA 47(259)) interval with a batch-means variance,
# tried on 2026-12-05 and not adopted (docs/statistics.md, "What was tried"). Per side the
# variance of the empirical CDF at the sample quartiles comes from ten consecutive batches of the
# indicators 1{x <= q}, is mapped to the quantile scale through the sample's own order statistics
# (SE = (Q(p + z s) - Q(p - z s)) / 2z), and the IQR's variance takes the batch correlation of
# the two indicators; the log-ratio interval is Student t on the Welch-Satterthwaite degrees of
# freedom, as the grouped jackknife's. Prints coverage (z 1.96 and t) and the misses (side, the
# window's share of values above twice its median, estimate, ends).
#   python3 scripts/stats/woodruff-iqr.py "c'" SEED REPS     (cells: c', c, ln05, ln01)
import numpy as np, sys
from scipy import stats
rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv)>2 else 1)
def mixture(n, sigma, share, factor, episode=None):
    mu=np.log(1000.)
    if episode is None:
        slow = rng.random(n) < share
    else:
        ex=1/episode; en=ex*share/(1-share)
        slow=np.empty(n,bool); s = rng.random()<share
        u=rng.random(n)
        for i in range(n):
            if i>0: s = (u[i] < 1-ex) if s else (u[i] >= 1-en)
            slow[i]=s
    return np.exp(mu + np.log(factor)*slow + sigma*rng.standard_normal(n))
def truth_quant(p, sigma, share, factor):
    mu=np.log(1000.)
    f=lambda x: (1-share)*stats.norm.cdf((np.log(x)-mu)/sigma)+share*stats.norm.cdf((np.log(x)-mu-np.log(factor))/sigma)-p
    from scipy.optimize import brentq
    return brentq(f,1,1e7)
def side(x, b, z):
    n=len(x); s=np.sort(x)
    q=lambda p: np.quantile(s, min(max(p,0),1))
    q25,q75=q(.25),q(.75)
    I25=(x<=q25).astype(float); I75=(x<=q75).astype(float)
    m25=I25.reshape(b,-1).mean(1); m75=I75.reshape(b,-1).mean(1)
    v25=m25.var(ddof=1)/b; v75=m75.var(ddof=1)/b
    s25=np.sqrt(v25); s75=np.sqrt(v75)
    se25=(q(.25+z*s25)-q(.25-z*s25))/(2*z); se75=(q(.75+z*s75)-q(.75-z*s75))/(2*z)
    rho=np.corrcoef(m25,m75)[0,1] if s25>0 and s75>0 else 0
    if not np.isfinite(rho): rho=0
    iqr=q75-q25
    v=(se75**2+se25**2-2*rho*se25*se75)/iqr**2
    return np.log(iqr), v
cell=sys.argv[1]; reps=int(sys.argv[3]) if len(sys.argv)>3 else 300
b=10
base=dict(sigma=.25,share=0,factor=1)
cells={"c'":dict(sigma=.25,share=1/6,factor=3,episode=20),"c":dict(sigma=.25,share=.1,factor=3,episode=10),
       "ln05":dict(sigma=.5,share=0,factor=1),"ln01":dict(sigma=.1,share=0,factor=1)}
cp=cells[cell]
tq=lambda p,d: truth_quant(p,d['sigma'],d['share'],d['factor'])
truth=np.log((tq(.75,cp)-tq(.25,cp))/(tq(.75,base)-tq(.25,base)))
cov={1.96:0,'t':0}; widths=[]; miss=[]
for r in range(reps):
    xc=mixture(1000,**cp); xb=mixture(1000,**base)
    for key in cov:
        z=1.96 if key==1.96 else stats.t.ppf(.975, b-1)
        Tc,vc=side(xc,b,z); Tb,vb=side(xb,b,z)
        T=Tc-Tb; se=np.sqrt(vc+vb)
        # Welch df
        df=(vc+vb)**2/(vc**2/(b-1)+vb**2/(b-1))
        tt=stats.t.ppf(.975,df)
        lo,hi=T-tt*se,T+tt*se
        if lo<=truth<=hi: cov[key]+=1
        elif key=='t': miss.append(('below' if hi<truth else 'above', round(float(np.mean(xc>2*np.median(xc))),3), round(float(np.exp(T)),2), round(float(np.exp(lo)),2), round(float(np.exp(hi)),2)))
        if key=='t': widths.append(np.exp(hi)-np.exp(lo))
print(cell, "truth", np.exp(truth), {k:v/reps for k,v in cov.items()}, "median width", np.median(widths))

for m in sorted(miss): print(m)
