x = f(a=1, a=2)
y = f(a=1, 2)
z = f(x.y=1)
